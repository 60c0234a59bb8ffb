# O enquadramento de todas as páginas e palavras usadas em todo o lado.

layout-skip-link = Saltar para o conteúdo
layout-reconnect = Volte a ligar-se para continuar: não conseguimos contactar o servidor.
layout-retry = Tentar de novo
header-nav-label = Site
header-timber-find = Encontrar um lodge
footer-harbor = Reserva segura · Os preços incluem taxas e encargos antes de pagar.
footer-timber = Reserve diretamente: melhor tarifa, sem taxas de reserva.

prefs-language = Idioma
prefs-currency = Moeda
prefs-currency-hotel = Moeda do hotel
prefs-apply = Aplicar

form-check-fields = { $count ->
    [one] Verifique { $count } campo:
   *[other] Verifique { $count } campos:
}

stay-nights = { $count ->
    [one] { $count } noite
   *[other] { $count } noites
}
price-from = desde { $price }
price-from-label = desde
price-total-included = total, com taxas e encargos incluídos
price-charged-in = Cobrado em { $currency }: { $amount }

time-under-a-minute = menos de um minuto
time-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}

## Payment policies: what is charged when booking and what at the hotel
pay-policy-deposit = Sinal de { $now } agora, { $later } no hotel
pay-policy-at-hotel = Nada a pagar agora: { $later } no hotel (cartão guardado como garantia)
pay-due-now = Cobrado agora
pay-paid-now = Pago agora
pay-due-at-hotel = A pagar no hotel
pay-deposit-note = { $now } é cobrado agora como sinal; os restantes { $later } são pagos no hotel.
pay-guarantee-note = Nada é cobrado agora: { $later } são pagos no hotel. A página segura do nosso parceiro de pagamentos guarda o seu cartão como garantia.
pay-save-card = Guardar cartão com segurança
pay-guarantee-released = Não foi possível reservar o quarto. Nada foi cobrado e a garantia do seu cartão foi libertada.
pay-card-guarantee = Cartão guardado como garantia
