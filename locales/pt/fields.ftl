# Mensagens junto a um campo quando o que foi introduzido não pode ser usado.

field-checkin-missing = Escolha uma data de entrada.
field-checkin-format = Introduza a data de entrada no formato AAAA-MM-DD.
field-checkout-missing = Escolha uma data de saída.
field-checkout-format = Introduza a data de saída no formato AAAA-MM-DD.
field-checkin-past = A entrada não pode ser no passado.
field-checkin-too-far = A entrada pode ser no máximo daqui a { $days } dias.
field-checkout-before-checkin = A saída tem de ser depois da entrada.
field-stay-too-long = Uma estadia tem no máximo { $nights } noites.
field-adults-number = Introduza o número de adultos.
field-rooms-number = Introduza o número de quartos (1 a 5).
field-rooms-range = Escolha entre 1 e { $max } quartos.
field-adults-too-few = Cada quarto precisa de pelo menos um adulto.
field-adults-too-many = No máximo { $max } adultos por quarto.
field-children-too-many = No máximo { $max } crianças.
field-child-age-range = As idades das crianças têm de estar entre 0 e { $max }.
field-promo-format = Um código promocional tem até 20 letras, algarismos ou hífenes.
field-children-ages-too-many = Demasiadas idades de crianças.
field-children-ages-format = Indique a idade de cada criança (0 a 17), separadas por vírgulas, por ex. 4,9.
field-children-ages-number = Introduza a idade de cada criança como um número de 0 a 17, separadas por vírgulas.
field-children-ages-count = { $count ->
    [one] Introduza a idade da sua criança (0 a 17).
   *[other] Introduza { $count } idades (0 a 17), uma por criança, separadas por vírgulas, por ex. 4,9.
}
field-email-missing = Introduza o seu endereço de e-mail.
field-email-too-long = Esse endereço de e-mail é demasiado longo.
field-email-format = Introduza um endereço de e-mail como nome@exemplo.pt.
field-phone-missing = Introduza um número de telefone para que o hotel o possa contactar.
field-phone-format = Introduza um número de telefone com 6 a 20 algarismos, como +351 21 123 4567.
field-country-missing = Escolha o seu país.
field-country-unknown = Escolha um país da lista.
field-requests-too-long = Os pedidos especiais têm no máximo { $max } caracteres (tem { $count }).
field-name-missing = { $which ->
    [first] Introduza o seu nome próprio.
   *[last] Introduza o seu apelido.
}
field-name-too-long = { $which ->
    [first] O seu nome próprio tem no máximo { $max } caracteres.
   *[last] O seu apelido tem no máximo { $max } caracteres.
}
field-name-characters = { $which ->
    [first] O seu nome próprio contém caracteres que não podemos aceitar.
   *[last] O seu apelido contém caracteres que não podemos aceitar.
}
field-consent-decision = Escolha aceitar ou recusar.
field-signin-email = Introduza o e-mail com que se registou, como nome@exemplo.pt.
field-signin-password-missing = Introduza a sua palavra-passe.
field-signin-password-too-long = Essa palavra-passe é demasiado longa.
field-signin-mismatch = Esse e-mail e essa palavra-passe não correspondem. Verifique-os e tente de novo.
field-property-unknown = Escolha um dos nossos hotéis.
field-room-missing = Escolha um quarto e uma tarifa.
field-room-unavailable = Esse quarto e essa tarifa não estão disponíveis nestas datas.
prefs-locale-unknown = Escolha um dos idiomas disponíveis.
prefs-currency-unknown = Escolha uma das moedas disponíveis.
field-return-url-not-allowed = Este endereço de retorno não é de uma aplicação deste site.
field-month-format = Indique o mês como AAAA-MM.
field-month-range = Escolha um mês entre este e daqui a { $months } meses.
field-arrival-format = Indique a chegada como AAAA-MM-DD, ou escolha um dia no calendário.
field-arrival-past = Essa chegada já passou. Escolha um dia a partir de hoje.
field-arrival-range = Escolha uma chegada nos próximos { $months } meses.
field-arrival-closed = O hotel não aceita chegadas nesse dia. Escolha outra chegada.
field-arrival-sold-out = Não há nada livre a partir desse dia para o seu grupo. Escolha outra chegada.
field-nights-range = Escolha entre 1 e { $max } noites.
field-promo-unknown = O código { $code } não é válido aqui; os preços são mostrados sem ele.
field-promo-expired = O código { $code } expirou; os preços são mostrados sem ele.
field-arrival-time-format = Escolha uma hora de chegada da lista, por ex. 18:00.
field-terms-required = Para reservar, aceite as condições do hotel e o aviso de privacidade.
field-room-too-many-guests = No máximo { $max } hóspedes por quarto.
field-room-adults-missing = Indique o número de adultos neste quarto.
field-children-ages-stay = Estas idades não são as das crianças da estadia. Altere os quartos da estadia para as mudar.

# Rooms: a room type and rate per room (issue 19)
field-room-n-unavailable = Quarto { $room }: esse quarto e essa tarifa não estão disponíveis para os seus hóspedes nestas datas.
field-room-picks-count = Escolha um quarto e uma tarifa para cada quarto.
field-extras-unknown = Este extra não está disponível para a sua estadia; escolha novamente.
field-extras-too-many = Escolha menos extras.
