# Arrivée depuis un site partenaire avec un lien de réservation (GET /handoff, POST /handoff/consume).

handoff-page-title = Poursuivre votre réservation
handoff-heading = Poursuivre votre réservation
handoff-intro = Vous avez choisi votre séjour sur un site partenaire. Nous transférons votre sélection vers { $site }.
handoff-continue = Poursuivre ma réservation
handoff-works-once = Ce lien ne fonctionne qu'une fois. S'il ne se passe rien, appuyez sur le bouton.

## Un lien refusé : le titre de la page…

handoff-refused-expired-title = Ce lien a expiré
handoff-refused-unverified-title = Ce lien n'a pas pu être vérifié
handoff-refused-wrong-site-title = Ce lien est destiné à un autre site
handoff-refused-not-yet-valid-title = Ce lien n'est pas encore valable
handoff-refused-title = Ce lien ne peut pas être utilisé
# …et que faire, après la raison ($reason est l'une des phrases handoff-error-*).
handoff-refused-detail = { $reason } Veuillez revenir sur le site d'où vous venez et choisir à nouveau votre séjour, ou lancer une recherche ici.

handoff-already-used-title = Ce lien a déjà été utilisé
handoff-already-used-detail = Ce lien a déjà été utilisé. Chaque lien de réservation ne fonctionne qu'une fois : si vous l'avez déjà ouvert, poursuivez dans ce navigateur, ou revenez sur le site d'où vous venez et choisissez à nouveau votre séjour.

## Pourquoi un lien a été refusé.

handoff-error-too-large = Ce lien de réservation est trop long pour être valable.
handoff-error-malformed = Ce lien de réservation est incomplet ou endommagé.
handoff-error-unsupported-version = Ce lien de réservation utilise un format que nous ne prenons pas en charge.
handoff-error-unknown-key = Ce lien de réservation a été signé avec une clé que nous ne reconnaissons pas.
handoff-error-bad-signature = Ce lien de réservation n'a pas pu être vérifié.
# $detail est l'une des propositions handoff-payload-*, ou le message d'un champ de recherche.
handoff-error-bad-payload = Ce lien de réservation contient des informations de réservation non valables : { $detail }.
handoff-error-wrong-tenant = Ce lien de réservation appartient à un autre site d'hôtel.
handoff-error-not-yet-valid = Ce lien de réservation n'est pas encore valable.
handoff-error-expired = Ce lien de réservation a expiré. Veuillez revenir en arrière et choisir à nouveau votre séjour.
handoff-error-lifetime-too-long = Ce lien de réservation est valable plus longtemps que nous ne l'autorisons.

## Ce qui ne va pas dans les informations d'un lien : propositions après deux-points.

handoff-payload-property = l'établissement n'est pas valable
handoff-payload-dates = la date d'arrivée ou de départ n'est pas valable
handoff-payload-checkout-before-checkin = le départ doit être postérieur à l'arrivée
handoff-payload-nights = un séjour doit compter de 1 à 30 nuits
handoff-payload-rooms = le nombre de chambres doit être compris entre 1 et 5
handoff-payload-adults-too-few = chaque chambre doit accueillir au moins un adulte
handoff-payload-adults-too-many = 9 adultes au maximum par chambre
handoff-payload-children-too-many = 8 enfants au maximum
handoff-payload-child-age = l'âge des enfants doit être compris entre 0 et 17 ans
handoff-payload-room-type = le type de chambre n'est pas valable
handoff-payload-rate-plan = le tarif n'est pas valable
handoff-payload-promo = le code promo n'est pas valable
handoff-payload-currency = la devise n'est pas valable
handoff-payload-language = la langue n'est pas valable
handoff-payload-link-id = l'identifiant du lien n'est pas valable
handoff-payload-site = le site de l'hôtel n'est pas valable
handoff-payload-validity = la période de validité n'est pas valable
handoff-payload-attribution = les informations marketing ne sont pas valables
handoff-payload-format = les informations ne sont pas au format attendu
handoff-payload-hotel-elsewhere = l'hôtel n'est pas proposé sur ce site
handoff-payload-room-too-many-guests = une chambre peut accueillir au plus 17 personnes
handoff-payload-parties-mismatch = les occupants des chambres ne correspondent pas aux adultes, enfants et chambres
