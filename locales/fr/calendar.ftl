# Le calendrier des prix : un mois de jours d'arrivée dans un hôtel.

calendar-title = Prix par date d'arrivée
calendar-heading = Prix par date d'arrivée à { $hotel }
calendar-intro = Choisissez un jour d'arrivée pour voir ses chambres et tarifs. Chaque prix est le total le plus bas pour tout le séjour, taxes et frais compris.
calendar-link = Voir les prix par date d'arrivée
calendar-link-at = à { $hotel }
calendar-check = Vérifiez les réglages du calendrier
calendar-month = Mois
calendar-month-hint = AAAA-MM
calendar-nights = Nuits
calendar-update = Afficher les prix
calendar-months = Mois
calendar-previous = Mois précédent
calendar-next = Mois suivant
calendar-prices-for = { $count ->
    [one] Total le plus bas pour { $count } nuit à partir de chaque jour d'arrivée, taxes et frais compris.
   *[other] Total le plus bas pour { $count } nuits à partir de chaque jour d'arrivée, taxes et frais compris.
}
calendar-day-price = { $day }, à partir de { $price }
calendar-day-status = { $day }, { $status }
calendar-closed = arrivée impossible
calendar-min-stay = { $count ->
    [one] séjour minimum { $count } nuit
   *[other] séjour minimum { $count } nuits
}
calendar-sold-out = complet
calendar-past = passé
calendar-mark-closed = Fermé
calendar-mark-min-stay = Min. { $count }
calendar-mark-sold-out = Complet

# Le même calendrier pour tous les hôtels de la marque.
calendar-heading-all = Prix par date d'arrivée dans tous nos hôtels
calendar-intro-all = Choisissez un jour d'arrivée pour comparer nos hôtels pour ce séjour. Chaque prix est le total le plus bas pour tout le séjour dans l'un de nos hôtels, taxes et frais compris.
calendar-link-all = Voir les prix par date d'arrivée dans tous nos hôtels
calendar-day-price-at = { $day }, à partir de { $price } à { $hotel }
