# Le calendrier des prix : un mois de jours d'arrivée dans un hôtel.

calendar-title = Prix par date d'arrivée
calendar-heading = Prix par date d'arrivée à { $hotel }
calendar-intro = Choisissez un jour d'arrivée, puis un jour de départ, pour voir les chambres et tarifs de ce séjour. Chaque prix est par nuit : le total le plus bas pour le séjour du nombre de nuits ci-dessous, taxes et frais compris, divisé par ses nuits.
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
    [one] Prix par nuit pour un séjour de { $count } nuit à partir de chaque jour d'arrivée, taxes et frais compris. Choisissez un jour d'arrivée.
   *[other] Prix par nuit pour un séjour de { $count } nuits à partir de chaque jour d'arrivée (le total le plus bas divisé par { $count }), taxes et frais compris. Choisissez un jour d'arrivée.
}
calendar-day-price = { $day }, à partir de { $price } la nuit, { $stay }
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
calendar-intro-all = Choisissez un jour d'arrivée, puis un jour de départ, pour comparer nos hôtels pour ce séjour. Chaque prix est par nuit : le total le plus bas pour le séjour du nombre de nuits ci-dessous dans l'un de nos hôtels, taxes et frais compris, divisé par ses nuits.
calendar-link-all = Voir les prix par date d'arrivée dans tous nos hôtels
calendar-day-price-at = { $day }, à partir de { $price } la nuit à { $hotel }, { $stay }

# The departure step, once an arrival is picked; and the stay a price is for.
calendar-stay-total = { $count ->
    [one] { $total } pour { $count } nuit
   *[other] { $total } pour { $count } nuits
}
calendar-pick-departure = Arrivée le { $day }. Choisissez maintenant votre jour de départ (séjours de { $count } nuits au plus).
calendar-change-arrival = Choisir une autre arrivée
calendar-arrival = Arrivée
calendar-arrival-hint = AAAA-MM-JJ, ou choisissez un jour ci-dessous
calendar-departure-nights = { $count ->
    [one] départ après { $count } nuit
   *[other] départ après { $count } nuits
}
calendar-your-arrival = votre arrivée
calendar-before-arrival = avant votre arrivée
calendar-too-long = plus de { $count } nuits
calendar-night-sold-out = une nuit de ce séjour est complète
calendar-mark-nights = { $count ->
    [one] { $count } nuit
   *[other] { $count } nuits
}
calendar-mark-arrival = Arrivée
