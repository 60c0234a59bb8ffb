# Membros (início de sessão, faixa de fidelização), a faixa de consentimento para estatísticas e o índice de demonstração.

account-signin-page-title = Início de sessão de membros
account-signin-title = Início de sessão de membros
account-signin-intro = Inicie sessão para ver os seus pontos e os preços para membros. Pode sempre reservar sem iniciar sessão.
account-signin-email = E-mail
account-signin-password = Palavra-passe
account-signin-submit = Iniciar sessão
account-signin-unavailable = De momento, não conseguimos iniciar a sua sessão. Pode continuar a pesquisar e a reservar sem conta; tente novamente mais tarde.
account-signin-demo-label = Contas de demonstração
account-signin-demo-intro = Contas de demonstração:
account-signin-link = Início de sessão de membros
account-signout = Terminar sessão

account-membership-label = A sua adesão
account-welcome = Olá de novo, { $name }
account-tier-silver = Prata
account-tier-gold = Ouro
account-tier-platinum = Platina
# $points é $count formatado para apresentação (12 400).
account-points = { $count ->
    [one] { $points } ponto
   *[other] { $points } pontos
}
account-member-prices = Preços para membros

account-consent-title = Cookies de estatística
account-consent-text = { $site } gostaria de medir a forma como este site de reservas é utilizado, para o melhorar. Nada é medido sem a sua autorização; pode reservar em qualquer caso.
account-consent-accept = Aceitar estatísticas
account-consent-decline = Recusar

account-demo-title = Sites de reserva de demonstração
account-demo-intro = Este servidor funciona na sua plataforma de demonstração integrada. Cada marca hoteleira tem o seu próprio site:

# The footer link and page to change the analytics decision at any time.
account-consent-settings = Definições de cookies
account-consent-now-granted = Autoriza cookies de estatística neste site. Pode retirar essa autorização a qualquer momento.
account-consent-now-denied = Não autoriza cookies de estatística neste site; nada é medido.
account-consent-now-undecided = Ainda não escolheu; nada é medido sem a sua autorização.
account-consent-not-used = { $site } não utiliza cookies de estatística: só são usados os cookies de que o site precisa para funcionar.
account-consent-back = Voltar à página onde estava
