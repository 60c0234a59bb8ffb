# O processo de reserva: preço, dados do hóspede, quarto guardado, pagamento.

draft-page-title = A sua reserva
draft-steps-label = Progresso da reserva
draft-step-room = Quarto
draft-step-details = Os seus dados
draft-step-payment = Pagamento
draft-step-confirmed = Confirmada
draft-summary-label = A sua estadia
draft-adults = { $count ->
    [one] { $count } adulto
   *[other] { $count } adultos
}
draft-children = { $count ->
    [one] { $count } criança
   *[other] { $count } crianças
}
draft-rooms = { $count ->
    [one] { $count } quarto
   *[other] { $count } quartos
}
draft-total = Total
draft-change-stay = Alterar datas ou hóspedes
draft-update-stay = Atualizar a minha estadia
draft-cancel = Cancelar esta reserva

draft-choose-title = Vamos obter um preço para si
draft-choose-intro = Precisamos de um preço atualizado para { $room } ({ $rate }) nestas datas.
draft-get-price = Obter preço

draft-details-title = Quem vai ficar alojado?
draft-quote-held-for = Este preço fica garantido para si durante { $time }.
draft-first-name = Nome próprio
draft-last-name = Apelido
draft-email = E-mail
draft-phone = Telefone
draft-country = País
draft-country-hint = (código, por ex. PT, ES, BR)
draft-special-requests = Pedidos especiais
draft-optional = (opcional)
draft-continue = Continuar

draft-pay-title = Rever e pagar
draft-booking-for = Reserva em nome de
draft-hold-intro = Guardamos o quarto para si enquanto paga.
draft-hold-room = Guardar o meu quarto
draft-hold-countdown = O seu quarto fica guardado para si durante mais { $clock } minutos.
draft-you-pay = Vai pagar { $amount } na página segura do nosso parceiro de pagamentos e depois regressa aqui.
draft-you-pay-no-amount = Vai pagar na página segura do nosso parceiro de pagamentos e depois regressa aqui.
draft-pay-securely = Pagar em segurança

draft-pending-title = A verificar o seu pagamento
draft-pending-body = Estamos a aguardar a confirmação do seu pagamento. Normalmente demora apenas alguns segundos.
draft-check-again = Verificar de novo
draft-back-to-payment = Voltar à página de pagamento

draft-failed-title = O seu pagamento não foi concluído
# O motivo dado pelo prestador de pagamentos vem em inglês; não é reproduzido.
draft-payment-declined = O seu pagamento foi recusado.
draft-payment-did-not-go-through = O pagamento não foi efetuado.
draft-payment-not-completed = O pagamento não foi concluído.
draft-not-charged = Não lhe foi cobrado nada.
draft-try-again = Tentar de novo

draft-expired-title = O tempo esgotou-se
draft-expired-body = O seu preço ou o período em que o quarto estava guardado expirou, por isso o quarto voltou a estar à venda. Os preços podem ter mudado; vamos verificar de novo.
draft-get-new-price = Obter um novo preço

draft-confirmed-title = A sua reserva está confirmada
draft-your-reference = A sua referência é { $reference }.
draft-see-confirmation = Ver a sua confirmação

draft-cancelled-title = Esta reserva foi cancelada
draft-cancelled-body = Não foi cobrado nada e o quarto voltou a estar à venda.
draft-new-search = Fazer uma nova pesquisa

# Avisos quando uma ação não foi possível.
draft-changed-elsewhere = Esta reserva foi alterada noutro separador. Eis o estado atual.
draft-changed-elsewhere-app = Esta reserva foi alterada noutro separador ou na aplicação. Eis o estado atual.
draft-refused-sold-out = Lamentamos, mas este quarto acabou de esgotar para as suas datas. Experimente outras datas ou outro quarto.
draft-refused-quote-expired = O seu preço expirou. Obtenha um novo preço.
draft-refused-hold-expired = O quarto deixou de estar guardado para si. Obtenha um novo preço.
draft-refused-payment-mismatch = O pagamento não corresponde a esta reserva. A reserva não foi efetuada.
# As explicações do sistema de reservas vêm em inglês; aqui por palavras nossas.
draft-refused-restricted = Estas datas não são possíveis neste hotel (sem entradas nesse dia ou com estadia mínima). Escolha outras datas.
draft-refused-occupancy = Este quarto não tem capacidade para tantos hóspedes. Adicione um quarto ou escolha um quarto maior.
draft-refused-other = Isso já não é possível. Tente de novo.
draft-refused-generic = Isso já não é possível. Tente de novo.
draft-upstream-timeout = Isto está a demorar mais do que devia. Não se perdeu nada; tente de novo.
draft-upstream-unavailable = Neste momento não conseguimos contactar o nosso sistema de reservas. Não se perdeu nada; tente de novo daqui a pouco.

# Porque é que um passo não é possível agora.
draft-error-confirmed = Esta reserva já está confirmada.
draft-error-abandoned = Esta reserva foi cancelada. Faça uma nova pesquisa.
draft-error-quote-required = Escolha primeiro um quarto e obtenha um preço.
draft-error-quote-expired = O seu orçamento expirou; obtenha um novo preço.
draft-error-details-required = Introduza primeiro os dados do hóspede.
draft-error-hold-required = O seu quarto tem de estar guardado antes de pagar; continue a partir dos dados do hóspede.
draft-error-hold-expired = O quarto deixou de estar guardado para si; obtenha um novo preço.
draft-error-room-held = O seu quarto já está guardado; avance para o pagamento ou altere a estadia para recomeçar.
draft-error-payment-in-progress = O seu pagamento está a ser processado; aguarde um momento.
draft-error-no-payment = Não há nenhum pagamento em curso para esta reserva.
draft-error-stale-payment = Esta tentativa de pagamento está desatualizada; tente de novo.
draft-error-missing-booking-ref = Não conseguimos confirmar esta reserva; contacte o hotel.
draft-error-nothing-to-expire = Nada nesta reserva expirou.
draft-hold-released-after-declines = O seu pagamento foi recusado { $count } vezes, por isso libertámos o quarto que tinha reservado e está de novo à venda. Não lhe foi cobrado nada. Para reservar, reserve o quarto de novo e pague com outro cartão.
draft-pay-approx = A página de pagamento cobra na moeda do hotel; são cerca de { $amount } à taxa indicada.

## Um pagamento aprovado que não pôde tornar-se reserva. $amount é o valor pago.

draft-refund-pending-title = Estamos a reembolsar o seu pagamento
draft-refunded-title = O seu pagamento foi reembolsado
draft-refunded-room-unavailable = O seu pagamento de { $amount } foi reembolsado: o quarto já não estava disponível quando o seu banco o aprovou. Não foi feita nenhuma reserva.
draft-refunded-price-changed = O seu pagamento de { $amount } foi reembolsado: o preço do quarto mudou antes de o seu banco o aprovar. Não foi feita nenhuma reserva.
draft-refunded-external = O seu pagamento de { $amount } foi reembolsado. Não foi feita nenhuma reserva.
draft-refund-on-its-way = O reembolso está a caminho do seu cartão; não precisa de fazer nada.
draft-refund-statement = Os reembolsos costumam aparecer no seu extrato ao fim de alguns dias úteis.
draft-refund-next = Pode pesquisar novamente, para as mesmas datas ou para outras.
draft-search-again = Pesquisar novamente
draft-error-refund-in-progress = O seu pagamento está a ser reembolsado; esta reserva já não pode ser alterada.
draft-error-refunded = O seu pagamento foi reembolsado e não foi possível fazer esta reserva. Faça uma nova pesquisa.
draft-cancel-payment = Cancelar este pagamento e voltar
draft-payment-cancelled = O seu pagamento foi cancelado e não lhe foi cobrado nada. O seu quarto continua reservado: pode pagar novamente.
draft-payment-already-decided = O seu pagamento já tinha sido concluído, por isso não pôde ser cancelado.
draft-payment-cancel-unknown = Não conseguimos confirmar que o seu pagamento foi cancelado. Se o concluir na página de pagamento, ele será válido; tente novamente dentro de momentos.
draft-change-banner = Está a alterar a reserva { $reference }. Até a alteração ser confirmada, a sua reserva mantém-se como está.
draft-change-paid = Já pago
draft-change-to-pay = A pagar agora
draft-change-to-refund = A reembolsar
draft-change-confirm = Confirmar a alteração
draft-change-refund-note = Nada mais a pagar: { $amount } será reembolsado no seu cartão quando confirmar.
draft-change-no-difference = A nova estadia custa o mesmo: nada a pagar.
draft-change-page-title = Alterar a sua reserva
draft-change-abandon = Manter a reserva como está
draft-change-abandoned-title = A alteração foi abandonada
draft-change-abandoned-body = A sua reserva { $reference } mantém-se como estava; nada foi cobrado nem reembolsado.

# The guest-details step: arrival time and the hotel's terms.
draft-arrival-time = Hora prevista de chegada
draft-arrival-unknown = Ainda não sei
# $terms and $privacy are links, with the texts of draft-terms-link and draft-privacy-link.
draft-accept-terms = Aceito as { $terms } e o { $privacy } do hotel.
draft-terms-link = condições
draft-privacy-link = aviso de privacidade
# $time: e.g. 18:00
draft-arriving-around = Chegada por volta das { $time }
draft-room-party = Quarto { $number }: { $party }

# Rooms: a room type and rate per room (issue 19)
draft-refused-room-sold-out = Lamentamos, o quarto { $room } acabou de esgotar para as suas datas, por isso nada foi reservado. Os seus dados foram guardados: escolha outro quarto para ele ou altere a sua estadia.
rooms-lines-label = Os seus quartos
property-room-step = Quarto { $number } de { $count }: escolha o quarto e a tarifa
property-room-step-party = Para { $party }
property-choose-for-room = Escolher para o quarto { $number }
property-same-for-all = Reservar isto para os { $count } quartos
property-rooms-chosen = Os quartos já escolhidos
property-change-room = Alterar o quarto { $number }
extras-title = Extras
extras-intro = Acrescente à sua estadia; cada um entra no seu total.
extras-update = Atualizar preço
extras-per-stay = por estadia
extras-guests = { $count ->
    [one] { $count } hóspede
   *[other] { $count } hóspedes
}
