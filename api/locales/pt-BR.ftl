# The customer's payment page in Portuguese (Brazil): the same messages and variables as en.ftl.

page-title = Pagamento para { $shop }
page-payment-to = Pagamento para
page-link-title = Link de pagamento
error-link-invalid = Este link de pagamento não é válido.
error-too-many = Muitas solicitações desta rede. Aguarde um minuto e recarregue a página.
error-unavailable = Não é possível mostrar este pagamento agora. Recarregue a página em instantes.
sandbox-notice-strong = PAGAMENTO DE TESTE
sandbox-notice-text = ambiente de testes: o endereço não é real. Não envie fundos reais.
test-mark = TESTE — ambiente de testes, não é dinheiro real
state-awaiting = Aguardando pagamento
state-pending = Pagamento detectado — confirmando
state-underpaid = Pago em parte
state-paid = Pago
state-overpaid = Pago a mais
state-expired = Expirado
state-cancelled = Cancelado
state-refunded = Reembolsado
state-rejected = Não criado
state-late = Recebido após o fechamento
refunds-label = Reembolsos
refund-type-full = Reembolso total
refund-type-partial = Reembolso parcial
refund-type-underpaid = Reembolso do que você enviou
refund-type-overpaid = Reembolso do excedente
refund-state-requested = Solicitado
refund-state-refunded = Reembolsado
refund-state-unknown = Em verificação
refund-state-failed = Não realizado
refund-state-needs_attention = A loja está verificando
balance-received = Recebido { $amount }
balance-still-missing = Ainda falta
balance-excess = Pago a mais { $amount }
qr-label = QR code para pagar { $amount }
qr-too-long = Este pagamento é longo demais para um QR code.
qr-fiat-still-due = ≈ { $amount } ainda a pagar
qr-fiat-rest = o restante do valor
price-with-tip = { $total } ({ $sale } + { $tip } de gorjeta)
countdown-label = Preço válido por
countdown-expired = O preço expirou
countdown-seconds-left = { $seconds ->
    [one] Resta { $seconds } segundo neste preço
   *[other] Restam { $seconds } segundos neste preço
}
countdown-minutes-left = { $minutes ->
    [one] Resta { $minutes } minuto neste preço
   *[other] Restam { $minutes } minutos neste preço
}
due-amount-to-pay = Valor a pagar
due-partly-paid = Pago em parte — envie o restante
due-on-network = na rede { $network }
fiat-for = por { $price }
fiat-still-due-of = { $due } ainda a pagar de { $price }
fiat-of = de { $price }
address = Endereço
copy = Copiar
copied = Copiado ✓
memo = Tag de destino / memo:
scan-hint = Escaneie o código com seu app de carteira ou copie o endereço e o valor.
paid = Pago
paid-overpaid = Pago (a mais)
paid-received = Recebido { $amount }
paid-thanks = Obrigado!
paid-when = Pago em { $when }
paid-excess = Você enviou { $excess } a mais. A loja pode reembolsar o excedente.
view-receipt = Ver comprovante
receipt-link = Link do comprovante
send-receipt = Enviar comprovante
link-copied = Link copiado ✓
share-email = E-mail
receipt-share-text = Seu comprovante de { $shop }
closed-expired = Este pagamento expirou. Peça um novo na loja.
closed-cancelled = Este pagamento foi cancelado.
closed-rejected = Não foi possível criar este pagamento. Peça um novo na loja.
closed-late = Seu dinheiro chegou depois que este pagamento foi encerrado. A loja vai reembolsar ou aceitar.
closed-refunded = Este pagamento foi reembolsado.
offline = Você está offline. A página será atualizada quando a conexão voltar.
language = Idioma
language-change = Alterar
