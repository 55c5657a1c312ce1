# La app de caja en español (mismos identificadores y variables que en.ftl).

## En todas las pantallas

offline-banner = Sin conexión. No se pueden crear cobros hasta que vuelva la conexión.
not-found-title = Página no encontrada
not-found-text = No hay nada en esta dirección.
not-found-go = Ir a Cobrar
notice-unpaired = Este dispositivo ya no está vinculado a una caja. Vincúlalo de nuevo para cobrar.
sandbox-badge = Modo prueba
nav-label = Menú principal
nav-charge = Cobrar
nav-history = Historial
nav-reports = Informes
nav-settings = Ajustes
theme-system = Igual que el dispositivo
theme-light = Claro
theme-dark = Oscuro
more = Detalles

## Errores

error-network = No se puede conectar con el servidor. Comprueba la conexión y vuelve a intentarlo.
error-generic = Algo ha fallado en el servidor. Vuelve a intentarlo en un momento.
error-not-paired = Este dispositivo no está vinculado.
error-code-validation = Algunos datos no son correctos. Revisa los campos marcados.
error-code-bad-request = El servidor no pudo leer la solicitud. Recarga la página y vuelve a intentarlo.
error-code-unauthorized = Este dispositivo no tiene permiso para hacerlo.
error-code-not-found = No se encontró. Puede que se haya eliminado.
error-code-conflict = Esto ha cambiado mientras tanto. Recarga y vuelve a intentarlo.
error-code-too-large = Es demasiado grande para enviarlo.
error-code-rate-limited = Demasiados intentos a la vez. Espera un momento y vuelve a intentarlo.
error-code-upstream-rejected = WCT Pay lo ha rechazado.
error-code-upstream-unavailable = Ahora mismo no se puede conectar con WCT Pay. Vuelve a intentarlo en un momento.
error-code-upstream-timeout = WCT Pay ha tardado demasiado en responder. Vuelve a intentarlo.
error-code-upstream-invalid = No se pudo leer la respuesta de WCT Pay.
error-code-upstream-unknown = No pudimos confirmar si WCT Pay lo ha hecho. Vuelve a comprobarlo: nunca se hará dos veces.
error-code-upstream-mismatch = La respuesta de WCT Pay no coincidía con la venta y se ha rechazado.
error-code-pairing-expired = Este código de vinculación ha caducado. Pide uno nuevo en otro dispositivo.
error-code-pairing-used = Este código de vinculación ya se ha usado. Pide uno nuevo.
error-code-device-limit = Esta caja ya tiene el máximo de dispositivos. Desconecta uno primero.
error-code-pin-wrong = PIN de encargado incorrecto.
error-code-refunds-locked = Demasiados PIN incorrectos: las devoluciones están bloqueadas un tiempo.
error-code-refund-on-hold = Una devolución anterior de este pago sigue abierta. Espera a que se resuelva.
error-code-payment-has-money = Este pago ya ha recibido dinero, así que no se puede cancelar.
error-code-refunds-not-configured = Las devoluciones no están configuradas en este servidor (no hay PIN de encargado).
error-code-cart-stale = Algunos artículos del carrito han cambiado de precio o ya no se venden. Revisa el carrito y vuelve a cobrar.
error-code-discount-needs-pin = Un descuento tan alto necesita el PIN del encargado.

## Cobrar: el teclado

charge-title = Cobrar
charge-loading = Cargando la caja…
charge-reference-used = Esta referencia ya se usó en otro pago; cámbiala.
charge-outcome-unknown = No pudimos confirmar si WCT Pay creó este pago. Vuelve a comprobarlo: nunca se creará dos veces.
charge-mismatch = { $reason }. No se mostró nada al cliente; puedes volver a cobrar.
charge-not-accepted = WCT Pay no aceptó el pago: { $reason }
charge-tip-unreadable = Escribe la propina como importe, por ejemplo 2,50, o elige «Sin propina».
charge-tip-does-not-fit = La propina no encaja con esta venta: elige otra.
charge-why-offline = Sin conexión: para cobrar hace falta conexión. Volverá sola.
charge-why-zero = Escribe un importe (o añade artículos) para cobrar.
charge-why-fix = Corrige los campos marcados arriba para cobrar.
charge-checking = Comprobando si se creó el pago…
charge-creating = Creando…
charge-button = Cobrar
charge-button-amount = Cobrar { $amount } { $currency }
charge-description = Concepto (opcional)
charge-reference = Referencia
charge-tip-note = Propinas activadas: después de «Cobrar», pasa la pantalla al cliente para que elija la suya.
charge-check-again = Volver a comprobar
charge-in = Cobrar en
settlement-network = Red de liquidación
pay-with = El cliente paga con
pay-with-on-network = { $asset } en la red { $network }
network = Red
network-choose = Elegir red
amount = Importe
amount-from-cart = El importe es el total del carrito.
keypad = Teclado del importe
keypad-point = Coma decimal
keypad-back = Borrar el último dígito
keypad-clear = Borrar
tip-continue = Continuar · { $amount } { $currency }
tip-back = Devolver al cajero
cart-title = Carrito
cart-empty = Añadir artículos (opcional)
cart-count =
    { $count ->
        [one] { $count } artículo
       *[other] { $count } artículos
    }
cart-add = + Añadir artículo
cart-total = Total
cart-item = Artículo { $number }
cart-item-name = Nombre del artículo
cart-item-description = Descripción
cart-item-quantity = Cant.
cart-item-price = Precio unitario
cart-item-remove = Quitar el artículo { $number }
customer-title = Datos del cliente
customer-optional = opcional
field-personal_fname = Nombre
field-personal_lname = Apellidos
field-personal_address = Dirección
field-personal_city = Ciudad
field-personal_state = Provincia / región
field-personal_country = País
field-personal_postcode = Código postal
field-personal_mobile = Móvil
field-personal_dob = Fecha de nacimiento
field-personal_country-hint = p. ej. ES
field-personal_mobile-hint = p. ej. 612 34 56 78

## Ajustes

settings-title = Ajustes
settings-terminal = Caja
settings-shop = Tienda: { $shop }
settings-this-device = Este dispositivo
settings-sound = Sonido al recibir un pago
settings-theme = Tema
settings-device-language = Idioma de este dispositivo
settings-device-language-store = Idioma de la tienda ({ $language })
settings-forget = Olvidar este dispositivo
settings-forget-text = Desconecta este dispositivo y borra su acceso. Para volver a vincularlo hará falta un código nuevo desde otro dispositivo.
store-title = Tienda
store-every-terminal = Para todas las cajas de esta tienda.
store-language-title = Idioma
store-language = Idioma de la caja, también en tiques e informes
store-tips = Propinas
store-tips-enabled = Ofrecer propina antes del pago
store-tips-percentages = Porcentajes de propina
store-tips-custom = Permitir que el cliente escriba cualquier importe
store-tips-rounding = Redondeo de una propina en porcentaje
store-day = Jornada
store-zone = Zona horaria (cuándo empieza el día del cierre de caja)
store-zone-device = Usar la zona horaria de este dispositivo
store-country = País de la tienda (para los teléfonos locales de los clientes)
store-pin = PIN de encargado (necesario para guardar)
save = Guardar
saved = Guardado ✓
tip-rounding-exact = Exacto (al céntimo)
tip-rounding-up_to_five_hundredths = Redondear hacia arriba a 0,05
tip-rounding-up_to_whole = Redondear hacia arriba a la unidad

## Un pago: QR, importe, pagado

payment-not-found = Este pago no existe.
payment-loading = Cargando el pago…
payment-unavailable = Pago no disponible
new-charge = Nuevo cobro
receipt = Tique
payment-closed-received = { $price } · recibido { $received }
payment-price-updated = Precio actualizado: el importe y el QR de abajo son nuevos.
payment-closed-expired = Este pago caducó antes de pagarse.
payment-closed-cancelled = Este pago se canceló.
payment-closed-refunded = Este pago se devolvió.
payment-closed-rejected = Este pago se rechazó.
payment-closed-late = Llegó dinero después de cerrar este pago.
payment-closed = Este pago está cerrado.
late-title-expired = Llegó dinero después de que este pago caducara
late-title-cancelled = Llegó dinero después de cancelar este pago
late-title-closed = Llegó dinero después de cerrar este pago
late-decide = Quédatelo como pago de esta venta o devuélveselo al cliente.
kept-as-payment = Aceptado como pago
share-pay-text = Paga { $amount } por { $description }
payment-pending = Pago visto en la red; esperando confirmaciones ({ $confirmations } por ahora).
price-with-tip = { $total } ({ $sale } + { $tip } de propina)
qr-still-due = Faltan { $amount }
qr-rest-of-price = el resto del precio
qr-label = Código QR para pagar { $amount } { $asset }
fiat-lead-for = por
fiat-lead-still-due-of = pendientes de
fiat-lead-of = de
due-partly-paid = Pagado en parte: envía el resto
due-amount = Importe a pagar
due-network = en la red { $network }
address = Dirección
copy = Copiar
copied = Copiado ✓
destination-tag = Etiqueta de destino / memo:
received = Recibido
still-missing = Falta
paid-in-excess = Pagado de más
paid-counter = Caja
paid = Pagado
paid-overpaid = Pagado (de más)
paid-thanks = ¡Gracias!
paid-excess-back = El exceso se devuelve al cliente:
paid-excess = El cliente envió de más:
paid-excess-shop-refunds = La tienda puede devolver el exceso.
countdown-label = Precio válido durante
countdown-expired = El precio ha caducado
countdown-seconds =
    { $seconds ->
        [one] Queda { $seconds } segundo a este precio
       *[other] Quedan { $seconds } segundos a este precio
    }
countdown-minutes =
    { $minutes ->
        [one] Queda { $minutes } minuto a este precio
       *[other] Quedan { $minutes } minutos a este precio
    }
cancel-failed = No se pudo cancelar: { $reason }
cancel-payment = Cancelar pago
cancel-question = ¿Cancelar este pago?
cancel-busy = Cancelando…
cancel-yes = Sí, cancelar
cancel-keep-waiting = Seguir esperando
share-receipt-title = Enlace del tique
share-receipt = Enviar tique
share-payment-title = Enlace de pago
share-payment = Compartir enlace
share-copied = Enlace copiado ✓
share-email = Correo
keep-failed = No se aceptó: { $reason }
keep-payment = Aceptar como pago
keep-question = ¿Aceptar este importe como pago de esta venta?
keep-busy = Aceptando…
keep-yes = Sí, aceptarlo
back = Volver
tip-title = ¿Añadir propina?
tip-none = Sin propina
tip-custom = Otra cantidad
tip-custom-label = Propina ({ $currency })
simulate-title = Modo prueba · Simular el pago del cliente
simulate-text = Solo demostración: envía monedas de prueba desde un monedero ficticio.
simulate-full = Pagar todo
simulate-half = Pagar la mitad
simulate-over = Pagar de más ×1,5

## Estados del pago

state-awaiting = Esperando el pago
state-pending = Pago visto: confirmando
state-underpaid = Pagado en parte
state-paid = Pagado
state-overpaid = Pagado de más
state-expired = Caducado
state-cancelled = Cancelado
state-refunded = Devuelto
state-rejected = Rechazado: la respuesta del servicio de pago no coincidía
state-late = Dinero tras el cierre: devolver o aceptar
state-short-awaiting = Esperando el pago
state-short-pending = Confirmando
state-short-underpaid = Pagado en parte
state-short-paid = Pagado
state-short-overpaid = Pagado de más
state-short-expired = Caducado
state-short-cancelled = Cancelado
state-short-refunded = Devuelto
state-short-rejected = Rechazado
state-short-late = Dinero tardío

## Vincular

pair-error-used = Este código de vinculación ya se ha usado. En un dispositivo vinculado, abre Ajustes → Añadir un dispositivo para obtener otro.
pair-error-expired = Este código de vinculación ha caducado. En un dispositivo vinculado, abre Ajustes → Añadir un dispositivo para obtener otro.
pair-error-throttled-wait = Demasiados intentos de vinculación desde esta red. Vuelve a intentarlo en { $wait }.
pair-error-throttled = Demasiados intentos de vinculación desde esta red. Espera un minuto y vuelve a intentarlo.
pair-error-unknown = No conocemos este código de vinculación. Compáralo con la otra pantalla o pide uno nuevo.
pair-title = Vincular este dispositivo
pair-from-link = Comprueba el código, ponle un nombre a este dispositivo y vincúlalo.
pair-how = En un dispositivo ya vinculado, abre Ajustes → Añadir un dispositivo. Escanea su código QR o escribe aquí el código que muestra.
pair-code = Código de vinculación
pair-device-name = Nombre de este dispositivo
pair-device-name-hint = Aparece en Ajustes → Dispositivos, donde se puede desconectar.
pair-busy = Vinculando…
pair-code-empty = Escribe el código de vinculación que aparece en el otro dispositivo.
pair-code-short = Un código de vinculación tiene 8 letras y cifras, como K7QF-2M9X.
pair-code-long = Un código de vinculación tiene solo 8 letras y cifras, como K7QF-2M9X.
pair-code-bad-char = «{ $char }» no aparece en los códigos de vinculación: nunca usan 0, 1, I, L ni O, solo letras y cifras.
device-name-default = { $browser } en { $system }
pair-name-empty = Ponle un nombre a este dispositivo, p. ej. «Tablet de caja».
wait-minutes = { $minutes } min
wait-seconds = { $seconds } s

## Ajustes: dispositivos y códigos

devices-code-error-wait = { $reason } (vuelve a intentarlo en { $wait }).
devices-add = Añadir un dispositivo
devices-add-text = Vincula otro móvil o tablet con esta caja: recibe un código de un solo uso, válido unos minutos.
devices-new-name = Nombre del nuevo dispositivo (opcional)
devices-new-name-hint = p. ej., Tablet de caja 2
devices-getting-code = Obteniendo un código…
done = Listo
devices-qr-label = Enlace de vinculación para un dispositivo nuevo
devices-step-scan = En el dispositivo nuevo, escanea este código QR con la cámara o abre el enlace de abajo.
devices-step-type = O abre allí la página /pair de esta app y escribe el código.
devices-code-label = Código de vinculación { $code }
devices-code-expired = Este código ha caducado.
devices-new-code = Código nuevo
devices-valid-for = Válido durante
devices-works-once = un solo uso
devices-signed-out-notice = Este dispositivo se ha desconectado. Vincúlalo de nuevo para cobrar.
devices-unused-codes = Códigos de vinculación sin usar
devices-title = Dispositivos
devices-text = Móviles y tablets vinculados a esta tienda. Al desconectar uno deja de funcionar al instante; necesitará un código nuevo para volver a vincularse.
devices-loading = Cargando dispositivos…
devices-made-on-device = creado en un dispositivo
devices-made-on-console = creado en la consola
devices-terminal = Caja: { $terminal }
devices-valid-until = Válido hasta { $when }
devices-cancel-code = Anular código
devices-paired-seen = Vinculado { $paired } · última vez { $seen }
devices-paired-unused = Vinculado { $paired } · aún sin usar
devices-sign-out-self = ¿Desconectar este dispositivo? Volverá a la pantalla de vinculación.
devices-sign-out-other = ¿Desconectar «{ $name }» ({ $when })? Dejará de funcionar al instante.
devices-revoked = Desconectado
devices-confirm-sign-out = Confirmar desconexión
devices-signing-out = Desconectando…
devices-sign-out = Desconectar
devices-keep = Mantener
devices-sign-out-ask = Desconectar…

## Tiques (impresos en el idioma de la tienda)

print = Imprimir
receipt-amount = Importe
receipt-excess = De más
receipt-share-text = Tu tique de { $shop }
receipt-share-text-no-shop = Tu tique de la tienda
receipt-late-decide = devolver o aceptar.
receipt-paid-with = Pagado con
receipt-rate = Cambio
receipt-state = Estado
receipt-code = Código de pago
receipt-updated = Actualizado
refunds = Devoluciones
receipt-transactions = Transacción(es)
receipt-not-yet = Todavía no hay tique para este enlace: el pago no está completo.
receipt-loading = Cargando el tique…
receipt-back-payment = Pago

## Historial

history-all = Todos
history-empty = Todavía no hay pagos.
history-filter = Filtrar por estado
loading = Cargando…
history-more = Cargar más

## Devoluciones

refund = Devolver
refund-offer-excess = Devolver el exceso
refund-offer-received = Devolver lo recibido
refund-retry = Reintentar la devolución
refund-type-full = Devolución total
refund-type-partial = Devolución parcial
refund-type-underpaid = Devolución de lo recibido
refund-type-overpaid = Devolución del exceso
refund-state-requested = Devolución solicitada
refund-state-refunded = Devuelto
refund-state-unknown = Devolución enviada: comprobando el resultado
refund-state-failed = Devolución no realizada
refund-state-needs_attention = Devolución por revisar: consúltalo con WCT Pay
refund-mark-attention = Devolución por revisar
refund-mark-requested = Devolución solicitada
refund-mark-refunded = Devuelto { $amount }
refund-hold-mismatch = Por ahora no hay nuevas devoluciones: una devolución anterior de este pago no coincide con lo que indica WCT Pay. Revisa el pago con WCT Pay antes de volver a devolver.
refund-hold-waiting = Por ahora no hay nuevas devoluciones: una devolución anterior de este pago sigue esperando a WCT Pay. Podrás hacer otra cuando figure como devuelta o no realizada.
refund-not-made = La devolución no se realizó: { $reason }
refund-kind = Tipo de devolución
refund-summary = Recibido { $received } · se pueden devolver hasta { $left }
refund-locked-store = Demasiados PIN de encargado incorrectos: las devoluciones están bloqueadas en todos los dispositivos de esta tienda. Vuelve a intentarlo en { $wait }.
refund-locked-device = Demasiados PIN de encargado incorrectos: las devoluciones están bloqueadas en este dispositivo. Vuelve a intentarlo en { $wait }.
refund-amount = Importe ({ $asset })
refund-contact = WCT Pay contacta con el cliente para saber cómo devolverle el dinero: indica un correo o un móvil.
refund-email = Correo del cliente
refund-mobile = Móvil del cliente (+prefijo del país)
refund-remarks = Observaciones (opcional)
refund-pin = PIN de encargado
refund-busy = Devolviendo…
refund-submit = Devolver { $amount }
close = Cerrar

## Cierre de caja (el informe Z se imprime en el idioma de la tienda)

reports-title = Cierre de caja
reports-day = Día
reports-scope = Alcance
reports-this-terminal = Esta caja
reports-whole-store = Toda la tienda
reports-csv = Descargar CSV
reports-print = Imprimir informe Z
reports-loading = Cargando el informe…
reports-save-failed = No se pudo guardar el archivo.
reports-empty = No hay pagos este día.
reports-note-excess = exceso { $amount }
reports-note-missing = falta { $missing } · venta { $sale }
reports-note-refunded = devuelto { $amount }
reports-totals = Cobrado: ventas pagadas y pagadas de más, con propinas, menos devoluciones
reports-lines = Por estado (pagado en parte: lo que falta)
reports-assets = Por medio de pago: cada moneda recibida, con pagos parciales y dinero tardío (aceptado = recibido − devuelto)
reports-col-currency = Moneda
reports-col-sales = Ventas
reports-col-taken = Cobrado (con propinas)
reports-col-tips = De ello, propinas
reports-col-due = Pendiente (pagado en parte)
reports-col-state = Estado
reports-col-count = Cantidad
reports-col-asset = Medio
reports-col-kept = Aceptado
bucket-paid = Pagado
bucket-overpaid = Pagado de más
bucket-underpaid = Pagado en parte
bucket-open = Aún abierto
bucket-refunded = Devuelto
bucket-late = Dinero tardío
bucket-received_on_closed = Recibido tras caducar/cancelar: devolver o aceptar
bucket-kept = Aceptado como pago tras el cierre
bucket-cancelled_expired = Cancelado / caducado, sin cobro
bucket-rejected = Rechazado
z-report = Informe Z
z-underpaid = Pagado en parte × { $count } · pendiente
z-part-paid = pagado en parte hasta ahora (no incluido en Cobrado)
z-taken =
    { $count ->
        [one] Cobrado ({ $count } venta), con propinas
       *[other] Cobrado ({ $count } ventas), con propinas
    }
z-tips = de ello, propinas
z-asset-received = { $asset } recibido (todos los estados)
z-asset-refunded = { $asset } devuelto
z-asset-kept = { $asset } aceptado
z-printed = Impreso { $when }

## Modo prueba

sandbox-notice-strong = PAGO DE PRUEBA
sandbox-notice-text = modo prueba: la dirección no es real. No envíes fondos reales.
test-mark = PRUEBA — modo prueba, no es dinero real

grid-title = Productos
grid-categories = Categorías
grid-all = Todo
grid-search = Buscar nombre o código de barras
grid-add = Añadir un { $name }
grid-none = Ningún producto coincide.
scan-added = { $name } añadido
scan-unknown = Código de barras desconocido { $code }: ningún producto lo tiene.
cart-item-discount = Descuento
cart-discount-hint = 10 % o 2,00
cart-sale-discount = Descuento en toda la venta
cart-discount-total = Descuentos:
cart-pin = PIN del encargado (para este descuento)
cart-pin-needed = Un descuento tan grande necesita el PIN del encargado.
cart-qty-less = Artículo { $number }: uno menos
cart-qty-more = Artículo { $number }: uno más
cart-stale-notice = El catálogo ha cambiado desde que se añadieron estos artículos: revisa las líneas marcadas y vuelve a cobrar.
cart-stale-price = { $name } ahora cuesta { $new } { $currency } (antes { $old }).
cart-stale-tax = { $name } tiene ahora otro tipo de impuesto.
cart-stale-gone = { $name } ya no se vende.
cart-stale-remove = Ya no se vende: quita esta línea.
charge-cart-stale = Algunos precios cambiaron durante esta venta. No se cobró nada: el carrito tiene ya los precios actuales; revísalo y vuelve a cobrar.
tax-rate = Tipo
tax-discount = Descuento
tax-net = Base
tax-tax = Impuesto
tax-gross = Total
tax-untaxed = Sin impuesto

receipt-tax-id = NIF
receipt-number = Tique n.º
receipt-supplied-at = Fecha de la operación
receipt-terminal = Caja
receipt-discount = Descuento
receipt-sale-line = Venta
receipt-discounts = Descuentos
receipt-credit-note = Factura rectificativa { $number } del tique { $receipt }

reports-tax = Impuestos por tipo
reports-col-receipts = Tiques
reports-receipts = Números de tique y facturas rectificativas
reports-col-document = Documento
reports-first-receipt = Primer tique
reports-last-receipt = Último tique

rules-tax = Impuestos
rules-rate = Tipo { $number }
rules-rate-id = Código (p. ej. general)
rules-rate-id-head = Código
rules-rate-name = Nombre en el tique
rules-rate-percent = Porcentaje
rules-rate-remove = Quitar el tipo { $number }
rules-rate-add = + Tipo
rules-default-rate = Tipo por defecto (importes libres del teclado)
rules-exclusive = Los precios son sin impuestos (se suman en caja, como en EE. UU.)
rules-tips-taxed = Las propinas tributan (al tipo por defecto)
rules-currency = Moneda de la tienda (precios de los productos)
rules-max-discount = Descuentos por encima de este % de la venta: PIN del encargado
rules-receipt = Datos del tique
rules-legal-name = Razón social
rules-address = Dirección (una línea por renglón)
rules-tax-id = NIF / CIF
rules-footer = Texto al pie (opcional)
rules-prefix = Prefijo del número de tique (p. ej. T-)
