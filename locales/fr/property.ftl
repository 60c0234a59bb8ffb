# La page d'un hôtel : ses chambres et ses tarifs pour les dates du client.

property-breadcrumb = Fil d'Ariane
property-all-hotels = Tous les hôtels
property-checkin-checkout = Arrivée à partir de { $checkin }, départ avant { $checkout }
property-rooms-label = Chambres et tarifs
property-check-stay = Veuillez vérifier vos dates et le nombre de voyageurs.
property-update = Mettre à jour
property-sleeps = { $count ->
    [one] { $count } personne
   *[other] jusqu'à { $count } personnes
}
property-units-left = { $count ->
    [one] plus qu'{ $count } chambre
   *[other] plus que { $count } chambres
}
property-breakfast-included = Petit-déjeuner inclus
property-free-cancellation = Annulation gratuite
property-non-refundable = Non remboursable
property-member-price = Prix membre
property-price-details = Détail du prix
property-night-of = Nuit du { $date }
property-taxes = Taxes
property-fees = Frais
property-total-for-nights = { $count ->
    [one] total pour { $count } nuit, taxes et frais compris
   *[other] total pour { $count } nuits, taxes et frais compris
}
property-select = Choisir
property-promo-line = Code { $code }
property-negotiated = Tarif négocié
property-photos = Galerie de photos
property-photo-of = Photo { $n } sur { $total }
