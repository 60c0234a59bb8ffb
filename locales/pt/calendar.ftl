# O calendário de preços: um mês de dias de chegada num hotel.

calendar-title = Preços por data de chegada
calendar-heading = Preços por data de chegada em { $hotel }
calendar-intro = Escolha um dia de chegada para ver os quartos e tarifas. Cada preço é o total mais baixo para toda a estadia, com impostos e taxas incluídos.
calendar-link = Ver preços por data de chegada
calendar-link-at = em { $hotel }
calendar-check = Verifique as definições do calendário
calendar-month = Mês
calendar-month-hint = AAAA-MM
calendar-nights = Noites
calendar-update = Mostrar preços
calendar-months = Meses
calendar-previous = Mês anterior
calendar-next = Mês seguinte
calendar-prices-for = { $count ->
    [one] Total mais baixo para { $count } noite a partir de cada dia de chegada, com impostos e taxas incluídos.
   *[other] Total mais baixo para { $count } noites a partir de cada dia de chegada, com impostos e taxas incluídos.
}
calendar-day-price = { $day }, desde { $price }
calendar-day-status = { $day }, { $status }
calendar-closed = sem chegadas
calendar-min-stay = { $count ->
    [one] estadia mínima de { $count } noite
   *[other] estadia mínima de { $count } noites
}
calendar-sold-out = esgotado
calendar-past = passado
calendar-mark-closed = Fechado
calendar-mark-min-stay = Mín. { $count }
calendar-mark-sold-out = Esgotado

# O mesmo calendário em todos os hotéis da marca.
calendar-heading-all = Preços por data de chegada em todos os nossos hotéis
calendar-intro-all = Escolha um dia de chegada para comparar os nossos hotéis para essa estadia. Cada preço é o total mais baixo para toda a estadia num dos nossos hotéis, com impostos e taxas incluídos.
calendar-link-all = Ver preços por data de chegada em todos os nossos hotéis
calendar-day-price-at = { $day }, desde { $price } em { $hotel }
