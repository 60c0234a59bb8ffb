# O calendário de preços: um mês de dias de chegada num hotel.

calendar-title = Preços por data de chegada
calendar-heading = Preços por data de chegada em { $hotel }
calendar-intro = Escolha um dia de chegada e depois um dia de partida para ver os quartos e tarifas dessa estadia. Cada preço é por noite: o total mais baixo para a estadia com as noites abaixo, com impostos e taxas incluídos, dividido pelas suas noites.
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
    [one] Preço por noite para uma estadia de { $count } noite a partir de cada dia de chegada, com impostos e taxas incluídos. Escolha um dia de chegada.
   *[other] Preço por noite para uma estadia de { $count } noites a partir de cada dia de chegada (o total mais baixo dividido por { $count }), com impostos e taxas incluídos. Escolha um dia de chegada.
}
calendar-day-price = { $day }, desde { $price } por noite, { $stay }
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
calendar-intro-all = Escolha um dia de chegada e depois um dia de partida para comparar os nossos hotéis para essa estadia. Cada preço é por noite: o total mais baixo para a estadia com as noites abaixo num dos nossos hotéis, com impostos e taxas incluídos, dividido pelas suas noites.
calendar-link-all = Ver preços por data de chegada em todos os nossos hotéis
calendar-day-price-at = { $day }, desde { $price } por noite em { $hotel }, { $stay }

# The departure step, once an arrival is picked; and the stay a price is for.
calendar-stay-total = { $count ->
    [one] { $total } por { $count } noite
   *[other] { $total } por { $count } noites
}
calendar-pick-departure = Chegada a { $day }. Escolha agora o seu dia de partida (estadias até { $count } noites).
calendar-change-arrival = Escolher outra chegada
calendar-arrival = Chegada
calendar-arrival-hint = AAAA-MM-DD, ou escolha um dia abaixo
calendar-departure-nights = { $count ->
    [one] partida após { $count } noite
   *[other] partida após { $count } noites
}
calendar-your-arrival = a sua chegada
calendar-before-arrival = antes da sua chegada
calendar-too-long = mais de { $count } noites
calendar-night-sold-out = uma noite desta estadia está esgotada
calendar-mark-nights = { $count ->
    [one] { $count } noite
   *[other] { $count } noites
}
calendar-mark-arrival = Chegada
