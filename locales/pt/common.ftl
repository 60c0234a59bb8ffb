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

time-a-few-minutes = alguns minutos
time-under-a-minute = menos de um minuto
time-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
