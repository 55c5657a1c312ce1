# O app de caixa em português do Brasil (mesmos identificadores e variáveis de en.ftl).

## Em todas as telas

offline-banner = Sem conexão. Não é possível criar cobranças até a conexão voltar.
not-found-title = Página não encontrada
not-found-text = Não há nada neste endereço.
not-found-go = Ir para Cobrar
notice-unpaired = Este aparelho não está mais pareado com um caixa. Pareie de novo para receber pagamentos.
sandbox-badge = Modo teste
nav-label = Menu principal
nav-charge = Cobrar
nav-history = Histórico
nav-reports = Relatórios
nav-settings = Configurações
theme-system = Igual ao aparelho
theme-light = Claro
theme-dark = Escuro
more = Detalhes

## Erros

error-network = Não foi possível falar com o servidor. Verifique a conexão e tente de novo.
error-generic = Algo deu errado no servidor. Tente de novo daqui a pouco.
error-not-paired = Este aparelho não está pareado.
error-code-validation = Alguns dados não estão certos. Confira os campos marcados.
error-code-bad-request = O servidor não conseguiu ler o pedido. Recarregue a página e tente de novo.
error-code-unauthorized = Este aparelho não tem permissão para isso.
error-code-not-found = Não encontrado. Talvez tenha sido removido.
error-code-conflict = Isso mudou nesse meio-tempo. Recarregue e tente de novo.
error-code-too-large = É grande demais para enviar.
error-code-rate-limited = Tentativas demais de uma vez. Aguarde um pouco e tente de novo.
error-code-upstream-rejected = A WCT Pay recusou.
error-code-upstream-unavailable = A WCT Pay está fora do ar agora. Tente de novo daqui a pouco.
error-code-upstream-timeout = A WCT Pay demorou demais para responder. Tente de novo.
error-code-upstream-invalid = Não foi possível ler a resposta da WCT Pay.
error-code-upstream-unknown = Não conseguimos confirmar se a WCT Pay concluiu. Verifique de novo: nunca acontece duas vezes.
error-code-upstream-mismatch = A resposta da WCT Pay não batia com a venda e foi recusada.
error-code-pairing-expired = Este código de pareamento expirou. Peça um novo em outro aparelho.
error-code-pairing-used = Este código de pareamento já foi usado. Peça um novo.
error-code-device-limit = Este caixa já tem o máximo de aparelhos. Desconecte um antes.
error-code-pin-wrong = PIN do gerente incorreto.
error-code-refunds-locked = PINs errados demais: os estornos estão bloqueados por um tempo.
error-code-refund-on-hold = Um estorno anterior deste pagamento ainda está em aberto. Aguarde até ele ser concluído.
error-code-payment-has-money = Este pagamento já recebeu dinheiro, por isso não pode ser cancelado.
error-code-refunds-not-configured = Os estornos não estão configurados neste servidor (sem PIN do gerente).
error-code-cart-stale = Alguns itens do carrinho mudaram de preço ou não são mais vendidos. Confira o carrinho e cobre de novo.
error-code-discount-needs-pin = Um desconto desse tamanho precisa do PIN do gerente.

## Cobrar: o teclado

charge-title = Cobrar
charge-loading = Carregando o caixa…
charge-reference-used = Esta referência já foi usada em outro pagamento; altere-a.
charge-outcome-unknown = Não conseguimos confirmar se a WCT Pay criou este pagamento. Verifique de novo: ele nunca será criado duas vezes.
charge-mismatch = { $reason }. Nada foi mostrado ao cliente; você pode cobrar de novo.
charge-not-accepted = A WCT Pay não aceitou o pagamento: { $reason }
charge-tip-unreadable = Digite a gorjeta como valor, por exemplo 2,50, ou escolha “Sem gorjeta”.
charge-tip-does-not-fit = A gorjeta não combina com esta venda: escolha outra.
charge-why-offline = Sem conexão: para cobrar é preciso conexão. Ela volta sozinha.
charge-why-zero = Digite um valor (ou adicione itens) para cobrar.
charge-why-fix = Corrija os campos marcados acima para cobrar.
charge-checking = Verificando se o pagamento foi criado…
charge-creating = Criando…
charge-button = Cobrar
charge-button-amount = Cobrar { $amount } { $currency }
charge-description = Descrição (opcional)
charge-reference = Referência
charge-tip-note = Gorjetas ativadas: depois de “Cobrar”, passe a tela ao cliente para ele escolher a dele.
charge-check-again = Verificar de novo
charge-in = Cobrar em
settlement-network = Rede de liquidação
pay-with = O cliente paga com
pay-with-on-network = { $asset } na rede { $network }
network = Rede
network-choose = Escolher rede
amount = Valor
amount-from-cart = O valor é o total do carrinho.
keypad = Teclado do valor
keypad-point = Vírgula decimal
keypad-back = Apagar o último dígito
keypad-clear = Limpar
tip-continue = Continuar · { $amount } { $currency }
tip-back = Devolver ao caixa
cart-title = Carrinho
cart-empty = Adicionar itens (opcional)
cart-count =
    { $count ->
        [one] { $count } item
       *[other] { $count } itens
    }
cart-add = + Adicionar item
cart-total = Total
cart-item = Item { $number }
cart-item-name = Nome do item
cart-item-description = Descrição
cart-item-quantity = Qtd.
cart-item-price = Preço unitário
cart-item-remove = Remover o item { $number }
customer-title = Dados do cliente
customer-optional = opcional
field-personal_fname = Nome
field-personal_lname = Sobrenome
field-personal_address = Endereço
field-personal_city = Cidade
field-personal_state = Estado
field-personal_country = País
field-personal_postcode = CEP
field-personal_mobile = Celular
field-personal_dob = Data de nascimento
field-personal_country-hint = ex.: BR
field-personal_mobile-hint = ex.: (11) 91234-5678

## Configurações

settings-title = Configurações
settings-terminal = Caixa
settings-shop = Loja: { $shop }
settings-this-device = Este aparelho
settings-sound = Som quando chega um pagamento
settings-theme = Tema
settings-device-language = Idioma deste aparelho
settings-device-language-store = Idioma da loja ({ $language })
settings-forget = Esquecer este aparelho
settings-forget-text = Desconecta este aparelho e apaga o acesso dele. Para parear de novo, será preciso um novo código de outro aparelho.
store-title = Loja
store-every-terminal = Para todos os caixas desta loja.
store-language-title = Idioma
store-language = Idioma do caixa, também nos comprovantes e relatórios
store-tips = Gorjetas
store-tips-enabled = Oferecer gorjeta antes do pagamento
store-tips-percentages = Percentuais de gorjeta
store-tips-custom = Deixar o cliente digitar qualquer valor
store-tips-rounding = Arredondamento da gorjeta percentual
store-day = Dia de operação
store-zone = Fuso horário (quando começa o dia do fechamento de caixa)
store-zone-device = Usar o fuso horário deste aparelho
store-country = País da loja (para os telefones locais dos clientes)
store-pin = PIN do gerente (necessário para salvar)
save = Salvar
saved = Salvo ✓
tip-rounding-exact = Exato (ao centavo)
tip-rounding-up_to_five_hundredths = Arredondar para cima em 0,05
tip-rounding-up_to_whole = Arredondar para cima na unidade

## Um pagamento: QR, valor, pago

payment-not-found = Este pagamento não existe.
payment-loading = Carregando o pagamento…
payment-unavailable = Pagamento indisponível
new-charge = Nova cobrança
receipt = Comprovante
payment-closed-received = { $price } · recebido { $received }
payment-price-updated = Preço atualizado — o valor e o QR abaixo são novos.
payment-closed-expired = Este pagamento expirou antes de ser pago.
payment-closed-cancelled = Este pagamento foi cancelado.
payment-closed-refunded = Este pagamento foi estornado.
payment-closed-rejected = Este pagamento foi recusado.
payment-closed-late = Entrou dinheiro depois que este pagamento foi encerrado.
payment-closed = Este pagamento está encerrado.
late-title-expired = Entrou dinheiro depois que este pagamento expirou
late-title-cancelled = Entrou dinheiro depois que este pagamento foi cancelado
late-title-closed = Entrou dinheiro depois que este pagamento foi encerrado
late-decide = Fique com ele como pagamento desta venda ou estorne ao cliente.
kept-as-payment = Aceito como pagamento
share-pay-text = Pague { $amount } por { $description }
payment-pending = Pagamento visto na rede — aguardando confirmações ({ $confirmations } até agora).
price-with-tip = { $total } ({ $sale } + { $tip } de gorjeta)
qr-still-due = Faltam { $amount }
qr-rest-of-price = o restante do preço
qr-label = QR code para pagar { $amount } { $asset }
fiat-lead-for = por
fiat-lead-still-due-of = a pagar de
fiat-lead-of = de
due-partly-paid = Pago em parte — envie o restante
due-amount = Valor a pagar
due-network = na rede { $network }
address = Endereço
copy = Copiar
copied = Copiado ✓
destination-tag = Tag de destino / memo:
received = Recebido
still-missing = Falta
paid-in-excess = Pago a mais
paid-counter = Caixa
paid = Pago
paid-overpaid = Pago (a mais)
paid-thanks = Obrigado!
paid-excess-back = O excedente está voltando para o cliente:
paid-excess = O cliente enviou a mais:
paid-excess-shop-refunds = A loja pode estornar o excedente.
countdown-label = Preço válido por
countdown-expired = O preço expirou
countdown-seconds =
    { $seconds ->
        [one] Falta { $seconds } segundo neste preço
       *[other] Faltam { $seconds } segundos neste preço
    }
countdown-minutes =
    { $minutes ->
        [one] Falta { $minutes } minuto neste preço
       *[other] Faltam { $minutes } minutos neste preço
    }
cancel-failed = Não foi possível cancelar: { $reason }
cancel-payment = Cancelar pagamento
cancel-question = Cancelar este pagamento?
cancel-busy = Cancelando…
cancel-yes = Sim, cancelar
cancel-keep-waiting = Continuar esperando
share-receipt-title = Link do comprovante
share-receipt = Enviar comprovante
share-payment-title = Link de pagamento
share-payment = Compartilhar link
share-copied = Link copiado ✓
share-email = E-mail
keep-failed = Não aceito: { $reason }
keep-payment = Aceitar como pagamento
keep-question = Aceitar este valor como pagamento desta venda?
keep-busy = Aceitando…
keep-yes = Sim, aceitar
back = Voltar
tip-title = Deixar gorjeta?
tip-none = Sem gorjeta
tip-custom = Outro valor
tip-custom-label = Gorjeta ({ $currency })
simulate-title = Modo teste · Simular pagamento do cliente
simulate-text = Só demonstração: envia moedas de teste de uma carteira fictícia.
simulate-full = Pagar tudo
simulate-half = Pagar metade
simulate-over = Pagar a mais ×1,5

## Status do pagamento

state-awaiting = Aguardando pagamento
state-pending = Pagamento visto — confirmando
state-underpaid = Pago em parte
state-paid = Pago
state-overpaid = Pago a mais
state-expired = Expirado
state-cancelled = Cancelado
state-refunded = Estornado
state-rejected = Recusado — a resposta do serviço de pagamento não batia
state-late = Dinheiro após o encerramento — estornar ou aceitar
state-short-awaiting = Aguardando pagamento
state-short-pending = Confirmando
state-short-underpaid = Pago em parte
state-short-paid = Pago
state-short-overpaid = Pago a mais
state-short-expired = Expirado
state-short-cancelled = Cancelado
state-short-refunded = Estornado
state-short-rejected = Recusado
state-short-late = Dinheiro atrasado

## Pareamento

pair-error-used = Este código de pareamento já foi usado. Em um aparelho pareado, abra Configurações → Adicionar aparelho para gerar outro.
pair-error-expired = Este código de pareamento expirou. Em um aparelho pareado, abra Configurações → Adicionar aparelho para gerar outro.
pair-error-throttled-wait = Tentativas de pareamento demais nesta rede. Tente de novo em { $wait }.
pair-error-throttled = Tentativas de pareamento demais nesta rede. Aguarde um minuto e tente de novo.
pair-error-unknown = Este código de pareamento não é conhecido. Compare com a outra tela ou peça um novo.
pair-title = Parear este aparelho
pair-from-link = Confira o código, dê um nome a este aparelho e pareie.
pair-how = Em um aparelho já pareado, abra Configurações → Adicionar aparelho. Leia o QR code dele ou digite aqui o código mostrado.
pair-code = Código de pareamento
pair-device-name = Nome deste aparelho
pair-device-name-hint = Aparece em Configurações → Aparelhos, onde pode ser desconectado.
pair-busy = Pareando…
pair-code-empty = Digite o código de pareamento mostrado no outro aparelho.
pair-code-short = Um código de pareamento tem 8 letras e números, como K7QF-2M9X.
pair-code-long = Um código de pareamento tem só 8 letras e números, como K7QF-2M9X.
pair-code-bad-char = “{ $char }” não existe nos códigos de pareamento: eles nunca usam 0, 1, I, L ou O, só letras e números.
device-name-default = { $browser } no { $system }
pair-name-empty = Dê um nome a este aparelho, ex.: “Tablet do caixa”.
wait-minutes = { $minutes } min
wait-seconds = { $seconds } s

## Configurações: aparelhos e códigos

devices-code-error-wait = { $reason } (tente de novo em { $wait }).
devices-add = Adicionar aparelho
devices-add-text = Pareie outro celular ou tablet com este caixa: ele recebe um código de uso único, válido por alguns minutos.
devices-new-name = Nome do novo aparelho (opcional)
devices-new-name-hint = ex.: Tablet do caixa 2
devices-getting-code = Gerando um código…
done = Pronto
devices-qr-label = Link de pareamento para um novo aparelho
devices-step-scan = No novo aparelho, leia este QR code com a câmera ou abra o link abaixo.
devices-step-type = Ou abra lá a página /pair deste app e digite o código.
devices-code-label = Código de pareamento { $code }
devices-code-expired = Este código expirou.
devices-new-code = Novo código
devices-valid-for = Válido por
devices-works-once = uso único
devices-signed-out-notice = Este aparelho foi desconectado. Pareie de novo para receber pagamentos.
devices-unused-codes = Códigos de pareamento não usados
devices-title = Aparelhos
devices-text = Celulares e tablets pareados com esta loja. Desconectar um o interrompe na hora; ele precisará de um novo código para parear de novo.
devices-loading = Carregando aparelhos…
devices-made-on-device = gerado em um aparelho
devices-made-on-console = gerado no console
devices-terminal = Caixa: { $terminal }
devices-valid-until = Válido até { $when }
devices-cancel-code = Cancelar código
devices-paired-seen = Pareado { $paired } · visto por último { $seen }
devices-paired-unused = Pareado { $paired } · ainda não usado
devices-sign-out-self = Desconectar este aparelho? Ele volta para a tela de pareamento.
devices-sign-out-other = Desconectar “{ $name }” ({ $when })? Ele para de funcionar na hora.
devices-revoked = Desconectado
devices-confirm-sign-out = Confirmar desconexão
devices-signing-out = Desconectando…
devices-sign-out = Desconectar
devices-keep = Manter
devices-sign-out-ask = Desconectar…

## Comprovantes (impressos no idioma da loja)

print = Imprimir
receipt-amount = Valor
receipt-excess = A mais
receipt-share-text = Seu comprovante de { $shop }
receipt-share-text-no-shop = Seu comprovante da loja
receipt-late-decide = estornar ou aceitar.
receipt-paid-with = Pago com
receipt-rate = Cotação
receipt-state = Status
receipt-code = Código do pagamento
receipt-updated = Atualizado
refunds = Estornos
receipt-transactions = Transação(ões)
receipt-not-yet = Ainda não há comprovante para este link: o pagamento não foi concluído.
receipt-loading = Carregando o comprovante…
receipt-back-payment = Pagamento

## Histórico

history-all = Todos
history-empty = Nenhum pagamento ainda.
history-filter = Filtrar por status
loading = Carregando…
history-more = Carregar mais

## Estornos

refund = Estornar
refund-offer-excess = Estornar o excedente
refund-offer-received = Estornar o que foi recebido
refund-retry = Tentar o estorno de novo
refund-type-full = Estorno total
refund-type-partial = Estorno parcial
refund-type-underpaid = Estorno do que foi recebido
refund-type-overpaid = Estorno do excedente
refund-state-requested = Estorno solicitado
refund-state-refunded = Estornado
refund-state-unknown = Estorno enviado — resultado em verificação
refund-state-failed = Estorno não feito
refund-state-needs_attention = Estorno precisa de atenção — verifique com a WCT Pay
refund-mark-attention = Estorno precisa de atenção
refund-mark-requested = Estorno solicitado
refund-mark-refunded = Estornado { $amount }
refund-hold-mismatch = Nenhum estorno novo por enquanto: um estorno anterior deste pagamento não bate com o que a WCT Pay informa. Verifique o pagamento com a WCT Pay antes de estornar de novo.
refund-hold-waiting = Nenhum estorno novo por enquanto: um estorno anterior deste pagamento ainda aguarda a WCT Pay. Um novo poderá ser feito quando ele aparecer como estornado ou não feito.
refund-not-made = O estorno não foi feito: { $reason }
refund-kind = Tipo de estorno
refund-summary = Recebido { $received } · até { $left } pode ser estornado
refund-locked-store = PINs de gerente errados demais: os estornos estão bloqueados em todos os aparelhos desta loja. Tente de novo em { $wait }.
refund-locked-device = PINs de gerente errados demais: os estornos estão bloqueados neste aparelho. Tente de novo em { $wait }.
refund-amount = Valor ({ $asset })
refund-contact = A WCT Pay entra em contato com o cliente para saber como estornar: informe um e-mail ou celular.
refund-email = E-mail do cliente
refund-mobile = Celular do cliente (+código do país)
refund-remarks = Observações (opcional)
refund-pin = PIN do gerente
refund-busy = Estornando…
refund-submit = Estornar { $amount }
close = Fechar

## Fechamento de caixa (a redução Z é impressa no idioma da loja)

reports-title = Fechamento de caixa
reports-day = Dia
reports-scope = Abrangência
reports-this-terminal = Este caixa
reports-whole-store = Loja inteira
reports-csv = Baixar CSV
reports-print = Imprimir redução Z
reports-loading = Carregando o relatório…
reports-save-failed = Não foi possível salvar o arquivo.
reports-empty = Nenhum pagamento neste dia.
reports-note-excess = excedente { $amount }
reports-note-missing = falta { $missing } · venda { $sale }
reports-note-refunded = estornado { $amount }
reports-totals = Recebido: vendas pagas e pagas a mais, com gorjetas, menos estornos
reports-lines = Por status (pago em parte: o que ainda falta)
reports-assets = Por meio de pagamento: cada moeda recebida, com pagamentos parciais e dinheiro atrasado (aceito = recebido − estornado)
reports-col-currency = Moeda
reports-col-sales = Vendas
reports-col-taken = Recebido (com gorjetas)
reports-col-tips = Das quais gorjetas
reports-col-due = A receber (pago em parte)
reports-col-state = Status
reports-col-count = Qtd.
reports-col-asset = Meio
reports-col-kept = Aceito
bucket-paid = Pago
bucket-overpaid = Pago a mais
bucket-underpaid = Pago em parte
bucket-open = Ainda aberto
bucket-refunded = Estornado
bucket-late = Dinheiro atrasado
bucket-received_on_closed = Recebido após expirar/cancelar — estornar ou aceitar
bucket-kept = Aceito como pagamento após o encerramento
bucket-cancelled_expired = Cancelado / expirado, nada recebido
bucket-rejected = Recusado
z-report = Redução Z
z-underpaid = Pago em parte × { $count } · a receber
z-part-paid = pago em parte até agora (fora do Recebido)
z-taken =
    { $count ->
        [one] Recebido ({ $count } venda), com gorjetas
       *[other] Recebido ({ $count } vendas), com gorjetas
    }
z-tips = das quais gorjetas
z-asset-received = { $asset } recebido (todos os status)
z-asset-refunded = { $asset } estornado
z-asset-kept = { $asset } aceito
z-printed = Impresso { $when }

## Modo teste

sandbox-notice-strong = PAGAMENTO DE TESTE
sandbox-notice-text = modo teste: o endereço não é real. Não envie dinheiro de verdade.
test-mark = TESTE — modo teste, não é dinheiro de verdade

grid-title = Produtos
grid-categories = Categorias
grid-all = Todos
grid-search = Buscar nome ou código de barras
grid-add = Adicionar um { $name }
grid-none = Nenhum produto encontrado.
scan-added = { $name } adicionado
scan-unknown = Código de barras desconhecido { $code }: nenhum produto o tem.
cart-item-discount = Desconto
cart-discount-hint = 10% ou 2,00
cart-sale-discount = Desconto na venda toda
cart-discount-total = Descontos:
cart-pin = PIN do gerente (para este desconto)
cart-pin-needed = Um desconto deste tamanho precisa do PIN do gerente.
cart-qty-less = Item { $number }: um a menos
cart-qty-more = Item { $number }: um a mais
cart-stale-notice = O catálogo mudou desde que estes itens foram adicionados: confira as linhas marcadas e cobre de novo.
cart-stale-price = { $name } agora custa { $new } { $currency } (antes { $old }).
cart-stale-tax = { $name } agora tem outra alíquota de imposto.
cart-stale-gone = { $name } não é mais vendido.
cart-stale-remove = Não é mais vendido: remova esta linha.
charge-cart-stale = Alguns preços mudaram durante esta venda. Nada foi cobrado: o carrinho já tem os preços atuais; confira e cobre de novo.
tax-rate = Alíquota
tax-discount = Desconto
tax-net = Líquido
tax-tax = Imposto
tax-gross = Bruto
tax-untaxed = Sem imposto

receipt-tax-id = CNPJ/ID fiscal
receipt-number = Recibo nº
receipt-supplied-at = Data da venda
receipt-terminal = Caixa
receipt-discount = Desconto
receipt-sale-line = Venda
receipt-discounts = Descontos
receipt-credit-note = Nota de crédito { $number } do recibo { $receipt }

reports-tax = Impostos por alíquota
reports-col-receipts = Recibos
reports-receipts = Números de recibo e notas de crédito
reports-col-document = Documento
reports-first-receipt = Primeiro recibo
reports-last-receipt = Último recibo

rules-tax = Impostos
rules-rate = Alíquota { $number }
rules-rate-id = Código (ex.: padrao)
rules-rate-id-head = Código
rules-rate-name = Nome no recibo
rules-rate-percent = Percentual
rules-rate-remove = Remover a alíquota { $number }
rules-rate-add = + Alíquota
rules-default-rate = Alíquota padrão (valores livres do teclado)
rules-exclusive = Os preços são sem imposto (somado no caixa, como nos EUA)
rules-tips-taxed = Gorjetas são tributadas (alíquota padrão)
rules-currency = Moeda da loja (preços dos produtos)
rules-max-discount = Descontos acima deste % da venda pedem o PIN do gerente
rules-receipt = Dados do recibo
rules-legal-name = Razão social
rules-address = Endereço (uma linha por linha)
rules-tax-id = CNPJ / ID fiscal
rules-footer = Texto de rodapé (opcional)
rules-prefix = Prefixo do número do recibo (ex.: R-)
