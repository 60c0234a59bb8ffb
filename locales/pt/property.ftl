# A página de um hotel: os quartos e as tarifas para as datas do hóspede.

property-breadcrumb = Navegação estrutural
property-all-hotels = Todos os hotéis
property-checkin-checkout = Entrada a partir das { $checkin }, saída até às { $checkout }
property-rooms-label = Quartos e tarifas
property-check-stay = Verifique as datas e o número de hóspedes.
property-update = Atualizar
property-sleeps = { $count ->
    [one] { $count } pessoa
   *[other] até { $count } pessoas
}
property-units-left = { $count ->
    [one] só resta { $count }
   *[other] só restam { $count }
}
property-breakfast-included = Pequeno-almoço incluído
property-free-cancellation = Cancelamento gratuito
property-non-refundable = Não reembolsável
property-member-price = Preço de membro
property-price-details = Detalhes do preço
property-night-of = Noite de { $date }
property-taxes = Taxas
property-fees = Encargos
property-total-for-nights = { $count ->
    [one] total para { $count } noite, com taxas e encargos incluídos
   *[other] total para { $count } noites, com taxas e encargos incluídos
}
property-select = Selecionar
property-promo-line = Código { $code }
property-negotiated = Tarifa negociada
property-photos = Fotografias
property-photo-of = Fotografia { $n } de { $total }
