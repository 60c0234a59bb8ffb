# Gerir a minha reserva: a página aberta pela ligação do e-mail ou pela pesquisa.

manage-page-title = Gerir a reserva { $reference }
manage-heading = A sua reserva, { $name }
manage-reference = Referência da reserva
manage-hotel = Hotel
manage-room = Quarto
manage-dates = Datas
manage-paid = Pago
manage-status = Estado
manage-status-confirmed = Confirmada
manage-status-cancelled = Cancelada
# $when: data e hora no local do hotel.
manage-free-until = Cancelamento gratuito até { $when } (hora do hotel).
manage-cancel-free = Se cancelar agora, tudo é reembolsado: { $refund }.
manage-cancel-penalty = O cancelamento gratuito terminou a { $when } (hora do hotel). Se cancelar agora, { $penalty } fica retido e { $refund } é reembolsado.
manage-non-refundable = Esta tarifa não é reembolsável: se cancelar, nada é reembolsado.
manage-not-cancellable = Esta reserva não pode ser cancelada online. Contacte o hotel.
manage-cancel-submit = Cancelar esta reserva
manage-cancel-hint = Um cancelamento não pode ser desfeito.
manage-cancelled = Esta reserva está cancelada.
manage-cancelled-refund = Reembolsado no seu cartão: { $refund }.
manage-cancelled-refund-pending = Um reembolso de { $refund } está a caminho do seu cartão.
manage-cancelled-penalty = Retido segundo as condições da tarifa: { $penalty }.
manage-changed-title = O montante mudou
manage-changed-detail = As condições de cancelamento dão agora outro montante. Verifique-o de novo antes de cancelar.
manage-not-cancellable-title = Sem cancelamento online
manage-link-expired-title = Esta ligação expirou
manage-link-expired-detail = Encontre a sua reserva com a referência e o e-mail usado na reserva.
manage-footer-link = Gerir a minha reserva
manage-open = Gerir ou cancelar esta reserva
manage-change-heading = Alterar datas ou hóspedes
manage-change-hint = O mesmo quarto e tarifa. Vê o novo preço e a diferença antes de qualquer alteração.
manage-change-submit = Ver o novo preço
manage-not-changeable-title = Esta reserva não pode ser alterada online
manage-not-changeable = Esta reserva já não pode ser alterada online; contacte o hotel.
