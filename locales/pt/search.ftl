# A página inicial e os resultados da pesquisa.

search-title-results = Quartos disponíveis
search-our-hotels = Os nossos hotéis
search-stars = { $count ->
    [one] { $count } estrela
   *[other] { $count } estrelas
}
search-panel-label = Pesquisar quartos
search-checkin = Entrada
search-checkout = Saída
search-adults = Adultos
search-children = Idades das crianças
search-children-hint = (por ex. 4,9)
search-rooms = Quartos
search-promo = Código promocional
search-hotel = Hotel
search-all-hotels = Todos os hotéis
search-submit = Pesquisar
search-results-title = A sua estadia
search-room-sold-out = esgotado
search-scarcity = { $count ->
    [one] Só resta { $count } a este preço
   *[other] Só restam { $count } a este preço
}
search-choose-room = Escolher um quarto
search-choose-room-at = no { $hotel }
search-date-passed = Essa data de entrada já passou aqui.
search-property-unavailable = Não conseguimos carregar a disponibilidade deste hotel agora. Tente de novo.
search-closed-to-arrival = Não são possíveis entradas nesta data. Experimente um dia antes ou depois.
search-min-stay = As estadias com entrada nesta data têm no mínimo { $count } noites.
search-no-room-fits = Nenhum quarto aqui serve para o seu grupo. Experimente com mais quartos.
search-sold-out = Esgotado nestas datas.
search-sort = Ordenar por
search-sort-recommended = Recomendado
search-sort-price = Preço mais baixo
search-sort-name = Nome
search-sort-invalid = Escolha como ordenar: recomendado, preço mais baixo ou nome.
search-filters = Mostrar apenas
search-only-refundable = Cancelamento gratuito
search-only-breakfast = Pequeno-almoço incluído
search-filter-invalid = Este filtro está ligado ou desligado.
search-no-rate-matches = Há quartos livres, mas nenhuma tarifa aqui corresponde aos seus filtros.
search-alternatives = Disponível em datas próximas, para as mesmas noites:
search-other-properties = Disponível nos nossos outros hotéis, nas mesmas datas:
search-room = Quarto { $number }
search-room-adults = Adultos
search-room-children = Idades das crianças
search-add-room = Adicionar um quarto
search-party-rooms = Quem fica
