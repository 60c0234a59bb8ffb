# O e-mail de confirmação (HTML e texto simples).

mail-subject = Reserva confirmada: { $property } ({ $reference })
mail-heading = Obrigado, { $name }. A sua reserva está confirmada.
mail-subject-changed = Reserva alterada: { $property } ({ $reference })
mail-heading-changed = { $name }, a sua reserva foi alterada. Eis os novos dados.
mail-reference = Referência da reserva
mail-summary = A sua estadia
mail-hotel = Hotel
mail-room = Quarto
mail-rate = Tarifa
mail-checkin = Check-in
mail-checkout = Check-out
mail-checkin-from = a partir das { $time }
mail-checkout-until = até às { $time }
mail-guests = Hóspedes
mail-price = Preço cobrado
mail-night-of = Noite de { $date }
mail-room-total = Quartos
mail-taxes = Impostos
mail-fees = Taxas
mail-total = Total cobrado
mail-cancellation = Política de cancelamento
mail-calendar = O ficheiro de calendário anexo adiciona a sua estadia ao seu calendário.
mail-find = Encontrar a sua reserva
mail-find-hint = Introduza a referência da reserva e este endereço de e-mail.
mail-manage = Gerir a sua reserva
mail-footer = Recebe este e-mail porque reservou uma estadia com { $brand }.

# The demo index's list of e-mails written to files.
mail-demo-sent = E-mails enviados (escritos em MAIL_DIR)

# O e-mail de cancelamento.
mail-cancel-subject = Reserva cancelada: { $property } ({ $reference })
mail-cancel-heading = { $name }, a sua reserva está cancelada.
mail-cancel-dates = Datas
mail-cancel-penalty = Retido segundo as condições da tarifa
mail-cancel-refund = Reembolsado no seu cartão
mail-cancel-penalty-guarantee = Cobrado pelo hotel no cartão que garantia a reserva
mail-cancel-guarantee = Garantia do cartão
mail-cancel-guarantee-released = Libertada; nada foi cobrado
mail-cancel-guarantee-kept = Mantida para o hotel cobrar o que as condições da tarifa retêm

# The guest's estimated arrival and special requests in the confirmation e-mail.
mail-arrival = Chegada prevista
mail-requests = Pedidos especiais
