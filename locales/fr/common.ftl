# La mise en page autour de chaque page, et les mots utilisés partout.

layout-skip-link = Aller au contenu
layout-reconnect = Reconnectez-vous pour continuer : le serveur est injoignable.
layout-retry = Réessayer
header-nav-label = Site
header-timber-find = Trouver un lodge
footer-harbor = Réservation sécurisée · Les prix incluent taxes et frais avant le paiement.
footer-timber = Réservez en direct : meilleur tarif, sans frais de réservation.

prefs-language = Langue
prefs-currency = Devise
prefs-currency-hotel = Devise de l'hôtel
prefs-apply = Appliquer

form-check-fields = { $count ->
    [one] Veuillez vérifier { $count } champ :
   *[other] Veuillez vérifier { $count } champs :
}

stay-nights = { $count ->
    [one] { $count } nuit
   *[other] { $count } nuits
}
price-from = à partir de { $price }
price-from-label = à partir de
price-total-included = total, taxes et frais compris
price-charged-in = Débité en { $currency } : { $amount }

time-a-few-minutes = quelques minutes
time-under-a-minute = moins d'une minute
time-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
