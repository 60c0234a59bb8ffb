# La page d'accueil et les résultats de recherche.

search-title-results = Chambres disponibles
search-our-hotels = Nos hôtels
search-stars = { $count ->
    [one] { $count } étoile
   *[other] { $count } étoiles
}
search-panel-label = Rechercher une chambre
search-checkin = Arrivée
search-checkout = Départ
search-adults = Adultes
search-children = Âge des enfants
search-children-hint = (par ex. 4,9)
search-rooms = Chambres
search-promo = Code promo
search-hotel = Hôtel
search-all-hotels = Tous les hôtels
search-submit = Rechercher
search-results-title = Votre séjour
search-room-sold-out = complet
search-scarcity = { $count ->
    [one] Plus qu'{ $count } chambre à ce prix
   *[other] Plus que { $count } chambres à ce prix
}
search-choose-room = Choisir une chambre
search-choose-room-at = à { $hotel }
search-date-passed = Cette date d'arrivée est déjà passée ici.
search-property-unavailable = Nous n'avons pas pu charger les disponibilités de cet hôtel. Veuillez réessayer.
search-closed-to-arrival = Les arrivées ne sont pas possibles à cette date. Essayez un jour plus tôt ou plus tard.
search-min-stay = Les séjours arrivant à cette date durent au moins { $count } nuits.
search-no-room-fits = Aucune chambre ici ne convient à votre groupe. Essayez avec plus de chambres.
search-sold-out = Complet à ces dates.
search-sort = Trier par
search-sort-recommended = Recommandé
search-sort-price = Prix le plus bas
search-sort-name = Nom
search-sort-invalid = Choisissez un tri : recommandé, prix le plus bas ou nom.
search-filters = Afficher seulement
search-only-refundable = Annulation gratuite
search-only-breakfast = Petit-déjeuner inclus
search-filter-invalid = Ce filtre est soit activé, soit désactivé.
search-no-rate-matches = Des chambres sont libres, mais aucun tarif ici ne correspond à vos filtres.
search-alternatives = Disponible à des dates proches, pour autant de nuits :
search-other-properties = Disponible dans nos autres hôtels, aux mêmes dates :
search-room = Chambre { $number }
search-room-adults = Adultes
search-room-children = Âge des enfants
search-add-room = Ajouter une chambre
search-party-rooms = Qui séjourne
