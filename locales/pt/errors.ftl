# Páginas de erro, fragmentos htmx e problem+json: um título e uma frase para
# o hóspede. O `type` do problema (/problems/…) é um código estável, nunca traduzido.

error-back-to-start = Voltar ao início
error-reference = Referência:

error-not-found-title = Página não encontrada
error-not-found-detail = Não encontrámos o que procurava. A página pode ter mudado de lugar ou a ligação pode estar incompleta.
error-validation-title = Verifique os campos assinalados
error-validation-detail = Alguns dados precisam de ser revistos.
error-forbidden-title = Não permitido
error-forbidden-csrf = Esta página expirou ou foi aberta noutro lado. Volte atrás, recarregue a página e tente novamente.
error-forbidden-cross-site = Pedidos vindos de outros sites não podem alterar uma reserva.
error-too-large-title = Demasiado grande
error-too-large-detail = O que foi enviado é demasiado grande.
error-unsupported-media-type-title = Tipo de conteúdo não suportado
error-unsupported-media-type-detail = Envie JSON com Content-Type: application/json, ou um formulário.
error-version-required-title = Versão obrigatória
error-version-required-detail = Envie a versão da reserva em If-Match (o seu ETag), para que uma alteração feita noutro separador nunca seja substituída.
error-rate-limited-title = Demasiados pedidos
error-rate-limited-detail = Aguarde um momento e tente novamente.
error-unavailable-title = Temporariamente indisponível
error-unavailable-detail = De momento, não conseguimos contactar parte do nosso sistema de reservas. Nada do que introduziu se perdeu; tente novamente dentro de momentos.
error-busy-title = Muita procura neste momento
error-busy-detail = Neste momento há mais hóspedes a reservar do que conseguimos atender de uma só vez. Nada do que introduziu se perdeu; tente novamente dentro de alguns segundos.
error-internal-title = Algo correu mal
error-internal-detail = Algo correu mal do nosso lado. Tente novamente; se continuar a acontecer, indique a referência abaixo.

## Pedidos que não conseguimos ler.

error-unreadable-body-title = Conteúdo ilegível
error-unreadable-body-detail = Não foi possível ler o conteúdo do pedido (pode ser demasiado grande).
error-malformed-json-title = JSON mal formado
# $error é a explicação (em inglês) do analisador de JSON.
error-malformed-json-detail = O conteúdo JSON não é válido aqui: { $error }
error-malformed-form-title = Formulário ilegível
error-malformed-form-detail = Não foi possível ler o formulário; recarregue a página e tente novamente.
# $param é o nome de um parâmetro do endereço, p. ex. checkin.
error-param-repeated-title = Parâmetros em conflito
error-param-repeated-detail = `{ $param }` foi indicado mais do que uma vez.
error-param-too-long-title = Parâmetro demasiado longo
error-param-too-long-detail = `{ $param }` é demasiado longo.
error-bad-host-title = Anfitrião inválido
error-bad-host-detail = O cabeçalho Host está em falta ou mal formado.
error-bad-tenant-title = Site inválido
error-bad-tenant-detail = X-Tenant-Id não é um identificador de site.
error-tenant-mismatch-title = Site não corresponde
error-tenant-mismatch-detail = X-Tenant-Id indica um site diferente daquele em que está.
error-stale-form-title = Formulário desatualizado
error-stale-form-detail = Este formulário está desatualizado. Recarregue a página.
error-malformed-webhook-title = Webhook mal formado
error-malformed-webhook-detail = O conteúdo do webhook não é válido.

## Uma reserva que não pode fazer agora o que foi pedido.

error-stale-title = Alterada noutro lado
error-stale-detail = Esta reserva foi alterada noutro separador.
error-not-allowed-title = Não é possível agora

## Uma parte do sistema de reservas falhou. $upstream indica qual:
## tenant-config, availability, pricing, reservations, payments ou iam.

error-upstream-timeout-title = Isto está a demorar demasiado
error-upstream-timeout-detail = Não conseguimos carregar { $upstream ->
    [tenant-config] as definições deste site
    [availability] a disponibilidade dos quartos
    [pricing] os preços
    [reservations] as reservas
    [payments] o serviço de pagamentos
   *[iam] as contas de hóspede
} a tempo. Nada do que introduziu se perdeu; tente novamente.
error-upstream-not-found-title = Não encontrado
error-upstream-not-found-detail = Não encontrámos isso { $upstream ->
    [tenant-config] nas definições deste site
    [availability] na disponibilidade dos quartos
    [pricing] nos preços
    [reservations] nas reservas
    [payments] no serviço de pagamentos
   *[iam] nas contas de hóspede
}.
error-upstream-conflict-title = Isso já não é possível
error-upstream-conflict-detail = O pedido foi recusado { $upstream ->
    [tenant-config] pelas definições deste site
    [availability] pelo serviço de disponibilidade
    [pricing] pelo serviço de preços
    [reservations] pelo serviço de reservas
    [payments] pelo serviço de pagamentos
   *[iam] pelo serviço de contas de hóspede
}.
error-upstream-unavailable-title = Temporariamente indisponível
error-upstream-unavailable-detail = De momento, não conseguimos contactar { $upstream ->
    [tenant-config] as definições deste site
    [availability] a disponibilidade dos quartos
    [pricing] os preços
    [reservations] as reservas
    [payments] o serviço de pagamentos
   *[iam] as contas de hóspede
}. Nada do que introduziu se perdeu; tente novamente dentro de momentos.

## Erros a que a framework web responde sozinha: títulos por estado…

error-status-400 = Pedido inválido
error-status-404 = Não encontrado
error-status-405 = Método não permitido
error-status-408 = Tempo de espera esgotado
error-status-413 = Conteúdo demasiado grande
error-status-415 = Tipo de conteúdo não suportado
error-status-422 = Pedido não processável
error-status-500 = Erro interno do servidor
error-status-client = Erro
error-status-server = Erro do servidor

## …e o que significam.

error-framework-not-found = Não encontrámos o que procurava.
error-framework-method = Essa ação não está disponível nesta página.
error-framework-timeout = O pedido demorou demasiado tempo.
error-framework-bad-request = Não foi possível compreender o pedido.
error-framework-internal = Algo correu mal do nosso lado. Tente novamente.
