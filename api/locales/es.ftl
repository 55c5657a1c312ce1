# The customer's payment page in Spanish: the same messages and variables as en.ftl.

page-title = Pago a { $shop }
page-payment-to = Pago a
page-link-title = Enlace de pago
error-link-invalid = Este enlace de pago no es válido.
error-too-many = Demasiadas solicitudes desde esta red. Espera un minuto y vuelve a cargar la página.
error-unavailable = Ahora no se puede mostrar este pago. Vuelve a cargar la página en un momento.
sandbox-notice-strong = PAGO DE PRUEBA
sandbox-notice-text = entorno de pruebas: la dirección no es real. No envíes fondos reales.
test-mark = PRUEBA — entorno de pruebas, no es dinero real
state-awaiting = Esperando el pago
state-pending = Pago detectado — confirmando
state-underpaid = Pagado en parte
state-paid = Pagado
state-overpaid = Pagado de más
state-expired = Caducado
state-cancelled = Cancelado
state-refunded = Reembolsado
state-rejected = No creado
state-late = Recibido tras el cierre
refunds-label = Reembolsos
refund-type-full = Reembolso total
refund-type-partial = Reembolso parcial
refund-type-underpaid = Reembolso de lo que enviaste
refund-type-overpaid = Reembolso del exceso
refund-state-requested = Solicitado
refund-state-refunded = Reembolsado
refund-state-unknown = En comprobación
refund-state-failed = No realizado
refund-state-needs_attention = La tienda lo está revisando
balance-received = Recibido { $amount }
balance-still-missing = Falta por pagar
balance-excess = Pagado de más { $amount }
qr-label = Código QR para pagar { $amount }
qr-too-long = Este pago es demasiado largo para un código QR.
qr-fiat-still-due = ≈ { $amount } pendiente
qr-fiat-rest = el resto del precio
price-with-tip = { $total } ({ $sale } + { $tip } de propina)
countdown-label = Precio válido durante
countdown-expired = El precio ha caducado
countdown-seconds-left = { $seconds ->
    [one] Queda { $seconds } segundo a este precio
   *[other] Quedan { $seconds } segundos a este precio
}
countdown-minutes-left = { $minutes ->
    [one] Queda { $minutes } minuto a este precio
   *[other] Quedan { $minutes } minutos a este precio
}
due-amount-to-pay = Importe a pagar
due-partly-paid = Pagado en parte — envía el resto
due-on-network = en la red { $network }
fiat-for = por { $price }
fiat-still-due-of = { $due } pendiente de { $price }
fiat-of = de { $price }
address = Dirección
copy = Copiar
copied = Copiado ✓
memo = Etiqueta de destino / memo:
scan-hint = Escanea el código con tu app de monedero o copia la dirección y el importe.
paid = Pagado
paid-overpaid = Pagado (de más)
paid-received = Recibido { $amount }
paid-thanks = ¡Gracias!
paid-when = Pagado el { $when }
paid-excess = Enviaste { $excess } de más. La tienda puede reembolsarte el exceso.
view-receipt = Ver el ticket
receipt-link = Enlace del ticket
send-receipt = Enviar el ticket
link-copied = Enlace copiado ✓
share-email = Correo
receipt-share-text = Tu ticket de { $shop }
closed-expired = Este pago ha caducado. Pide uno nuevo en la tienda.
closed-cancelled = Este pago se ha cancelado.
closed-rejected = No se pudo crear este pago. Pide uno nuevo en la tienda.
closed-late = Tu dinero llegó después de cerrarse este pago. La tienda lo reembolsará o lo aceptará.
closed-refunded = Este pago se ha reembolsado.
offline = No tienes conexión. La página se actualizará cuando vuelva la conexión.
language = Idioma
language-change = Cambiar
