# A página de confirmação e o formulário para voltar a encontrar uma reserva.

confirmation-page-title = Reserva { $reference } confirmada
confirmation-heading = { $name }, a sua reserva está confirmada
confirmation-reference = A sua referência é { $reference }. Guarde-a: vai precisar dela, juntamente com o seu endereço de e-mail, para voltar a encontrar esta página.
confirmation-hotel = Hotel
confirmation-room = Quarto
confirmation-dates = Datas
confirmation-guests = Hóspedes
confirmation-paid = Pago
confirmation-back = Voltar ao início

confirmation-lookup-title = Encontrar a sua reserva
confirmation-lookup-reference = Referência da reserva
confirmation-lookup-email = E-mail usado na reserva
confirmation-lookup-submit = Encontrar a minha reserva
confirmation-lookup-not-found = Não encontrámos nenhuma reserva com essa referência e esse endereço de e-mail.
confirmation-cancelled-heading = Esta reserva foi cancelada.
confirmation-your-stay = A sua estadia
confirmation-address = Morada
confirmation-contact = Receção
confirmation-arrival = Chegada
# $time: e.g. 18:00
confirmation-arrival-around = por volta das { $time }
confirmation-requests = Pedidos especiais
