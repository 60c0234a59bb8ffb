# Messages affichés à côté d'un champ quand la saisie ne peut pas être utilisée.

field-checkin-missing = Choisissez une date d'arrivée.
field-checkin-format = Saisissez la date d'arrivée au format AAAA-MM-JJ.
field-checkout-missing = Choisissez une date de départ.
field-checkout-format = Saisissez la date de départ au format AAAA-MM-JJ.
field-checkin-past = L'arrivée ne peut pas être dans le passé.
field-checkin-too-far = L'arrivée peut être au plus { $days } jours à l'avance.
field-checkout-before-checkin = Le départ doit être après l'arrivée.
field-stay-too-long = Un séjour dure au plus { $nights } nuits.
field-adults-number = Saisissez le nombre d'adultes.
field-rooms-number = Saisissez le nombre de chambres (1 à 5).
field-rooms-range = Choisissez entre 1 et { $max } chambres.
field-adults-too-few = Chaque chambre doit accueillir au moins un adulte.
field-adults-too-many = Au plus { $max } adultes par chambre.
field-children-too-many = Au plus { $max } enfants.
field-child-age-range = L'âge des enfants doit être compris entre 0 et { $max } ans.
field-promo-format = Un code promo compte au plus 20 lettres, chiffres ou tirets.
field-children-ages-too-many = Trop d'âges d'enfants.
field-children-ages-format = Indiquez l'âge de chaque enfant (0 à 17), séparés par des virgules, par ex. 4,9.
field-children-ages-number = Saisissez l'âge de chaque enfant en chiffres, de 0 à 17, séparés par des virgules.
field-children-ages-count = { $count ->
    [one] Saisissez l'âge de votre enfant (0 à 17).
   *[other] Saisissez { $count } âges (0 à 17), un par enfant, séparés par des virgules, par ex. 4,9.
}
field-email-missing = Saisissez votre adresse e-mail.
field-email-too-long = Cette adresse e-mail est trop longue.
field-email-format = Saisissez une adresse e-mail comme nom@exemple.com.
field-phone-missing = Saisissez un numéro de téléphone pour que l'hôtel puisse vous joindre.
field-phone-format = Saisissez un numéro de téléphone de 6 à 20 chiffres, comme +33 1 23 45 67 89.
field-country-missing = Choisissez votre pays.
field-country-unknown = Choisissez un pays dans la liste.
field-requests-too-long = Les demandes particulières comptent au plus { $max } caractères (vous en avez { $count }).
field-name-missing = { $which ->
    [first] Saisissez votre prénom.
   *[last] Saisissez votre nom.
}
field-name-too-long = { $which ->
    [first] Votre prénom compte au plus { $max } caractères.
   *[last] Votre nom compte au plus { $max } caractères.
}
field-name-characters = { $which ->
    [first] Votre prénom contient des caractères que nous ne pouvons pas accepter.
   *[last] Votre nom contient des caractères que nous ne pouvons pas accepter.
}
field-consent-decision = Choisissez accepter ou refuser.
field-signin-email = Saisissez l'adresse e-mail de votre compte, comme nom@exemple.com.
field-signin-password-missing = Saisissez votre mot de passe.
field-signin-password-too-long = Ce mot de passe est trop long.
field-signin-mismatch = Cette adresse e-mail et ce mot de passe ne correspondent pas. Vérifiez-les et réessayez.
field-property-unknown = Choisissez l'un de nos hôtels.
field-room-missing = Choisissez une chambre et un tarif.
field-room-unavailable = Cette chambre et ce tarif ne sont pas disponibles à ces dates.
prefs-locale-unknown = Choisissez l'une des langues proposées.
prefs-currency-unknown = Choisissez l'une des devises proposées.
field-return-url-not-allowed = Cette adresse de retour n'est pas celle d'une application de ce site.
field-month-format = Saisissez le mois au format AAAA-MM.
field-month-range = Choisissez un mois entre celui-ci et { $months } mois plus tard.
field-arrival-format = Saisissez l'arrivée au format AAAA-MM-JJ, ou choisissez un jour sur le calendrier.
field-arrival-past = Cette arrivée est passée. Choisissez un jour à partir d'aujourd'hui.
field-arrival-range = Choisissez une arrivée dans les { $months } prochains mois.
field-arrival-closed = L'hôtel n'accepte pas d'arrivée ce jour-là. Choisissez une autre arrivée.
field-arrival-sold-out = Rien n'est libre à partir de ce jour pour votre groupe. Choisissez une autre arrivée.
field-nights-range = Choisissez entre 1 et { $max } nuits.
field-promo-unknown = Le code { $code } n’est pas valable ici ; les prix sont affichés sans lui.
field-promo-expired = Le code { $code } a expiré ; les prix sont affichés sans lui.
field-arrival-time-format = Choisissez une heure d'arrivée dans la liste, par ex. 18:00.
field-terms-required = Pour réserver, acceptez les conditions de l'hôtel et sa politique de confidentialité.
field-room-too-many-guests = Au plus { $max } personnes par chambre.
field-room-adults-missing = Indiquez le nombre d'adultes dans cette chambre.
field-children-ages-stay = Ces âges ne sont pas ceux des enfants du séjour. Modifiez les chambres du séjour pour les changer.

# Rooms: a room type and rate per room (issue 19)
field-room-n-unavailable = Chambre { $room } : cette chambre et ce tarif ne sont pas disponibles pour ses occupants à ces dates.
field-room-picks-count = Choisissez une chambre et un tarif pour chaque chambre.
field-extras-unknown = Ce supplément n'est pas disponible pour votre séjour ; veuillez choisir à nouveau.
field-extras-too-many = Veuillez choisir moins de suppléments.
