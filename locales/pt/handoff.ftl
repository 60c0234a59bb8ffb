# Chegada a partir de um site parceiro com uma ligação de reserva (GET /handoff, POST /handoff/consume).

handoff-page-title = Continuar para a sua reserva
handoff-heading = Continuar para a sua reserva
handoff-intro = Escolheu a sua estadia num site parceiro. Estamos a transferir a sua seleção para { $site }.
handoff-continue = Continuar para a minha reserva
handoff-works-once = Esta ligação só funciona uma vez. Se nada acontecer, carregue no botão.

## Uma ligação recusada: o título da página…

handoff-refused-expired-title = Esta ligação expirou
handoff-refused-unverified-title = Não foi possível verificar esta ligação
handoff-refused-wrong-site-title = Esta ligação é de outro site
handoff-refused-not-yet-valid-title = Esta ligação ainda não é válida
handoff-refused-title = Esta ligação não pode ser utilizada
# …e o que fazer, depois do motivo ($reason é uma das frases handoff-error-*).
handoff-refused-detail = { $reason } Volte ao site de onde veio e escolha novamente a sua estadia, ou pesquise aqui.

handoff-already-used-title = Esta ligação já foi utilizada
handoff-already-used-detail = Esta ligação já foi utilizada. Cada ligação de reserva só funciona uma vez: se já a abriu, continue nesse navegador, ou volte ao site de onde veio e escolha novamente a sua estadia.

## Porque é que uma ligação foi recusada.

handoff-error-too-large = Esta ligação de reserva é demasiado longa para ser válida.
handoff-error-malformed = Esta ligação de reserva está incompleta ou danificada.
handoff-error-unsupported-version = Esta ligação de reserva usa um formato que não suportamos.
handoff-error-unknown-key = Esta ligação de reserva foi assinada com uma chave que não reconhecemos.
handoff-error-bad-signature = Não foi possível verificar esta ligação de reserva.
# $detail é uma das orações handoff-payload-*, ou a mensagem de um campo de pesquisa.
handoff-error-bad-payload = Esta ligação de reserva tem dados de reserva inválidos: { $detail }.
handoff-error-wrong-tenant = Esta ligação de reserva pertence ao site de outro hotel.
handoff-error-not-yet-valid = Esta ligação de reserva ainda não é válida.
handoff-error-expired = Esta ligação de reserva expirou. Volte atrás e escolha novamente a sua estadia.
handoff-error-lifetime-too-long = Esta ligação de reserva é válida durante mais tempo do que permitimos.

## O que está errado nos dados de reserva de uma ligação: orações depois de dois pontos.

handoff-payload-property = o alojamento é inválido
handoff-payload-dates = a data de entrada ou de saída é inválida
handoff-payload-checkout-before-checkin = a saída tem de ser depois da entrada
handoff-payload-nights = uma estadia tem de ter entre 1 e 30 noites
handoff-payload-rooms = o número de quartos tem de ser entre 1 e 5
handoff-payload-adults-too-few = cada quarto precisa de pelo menos um adulto
handoff-payload-adults-too-many = no máximo 9 adultos por quarto
handoff-payload-children-too-many = no máximo 8 crianças
handoff-payload-child-age = as idades das crianças têm de ser entre 0 e 17 anos
handoff-payload-room-type = o tipo de quarto é inválido
handoff-payload-rate-plan = a tarifa é inválida
handoff-payload-promo = o código promocional é inválido
handoff-payload-currency = a moeda é inválida
handoff-payload-language = o idioma é inválido
handoff-payload-link-id = o identificador da ligação é inválido
handoff-payload-site = o site do hotel é inválido
handoff-payload-validity = o período de validade é inválido
handoff-payload-attribution = os dados de marketing são inválidos
handoff-payload-format = os dados não estão no formato esperado
handoff-payload-hotel-elsewhere = o hotel não está disponível neste site
handoff-payload-room-too-many-guests = um quarto aloja no máximo 17 hóspedes
handoff-payload-parties-mismatch = os hóspedes dos quartos não correspondem aos adultos, crianças e quartos indicados
