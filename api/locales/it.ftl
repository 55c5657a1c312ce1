# The customer's payment page in Italian: the same messages and variables as en.ftl.

page-title = Pagamento a { $shop }
page-payment-to = Pagamento a
page-link-title = Link di pagamento
error-link-invalid = Questo link di pagamento non è valido.
error-too-many = Troppe richieste da questa rete. Attendi un minuto, poi ricarica la pagina.
error-unavailable = Al momento non è possibile mostrare questo pagamento. Ricarica la pagina tra poco.
sandbox-notice-strong = PAGAMENTO DI PROVA
sandbox-notice-text = ambiente di prova: l’indirizzo non è reale. Non inviare fondi reali.
test-mark = PROVA — ambiente di prova, non sono soldi veri
state-awaiting = In attesa del pagamento
state-pending = Pagamento rilevato — in conferma
state-underpaid = Pagato in parte
state-paid = Pagato
state-overpaid = Pagato in eccesso
state-expired = Scaduto
state-cancelled = Annullato
state-refunded = Rimborsato
state-rejected = Non creato
state-late = Arrivato dopo la chiusura
refunds-label = Rimborsi
refund-type-full = Rimborso totale
refund-type-partial = Rimborso parziale
refund-type-underpaid = Rimborso di quanto hai inviato
refund-type-overpaid = Rimborso dell’eccedenza
refund-state-requested = Richiesto
refund-state-refunded = Rimborsato
refund-state-unknown = In verifica
refund-state-failed = Non effettuato
refund-state-needs_attention = Il negozio sta verificando
balance-received = Ricevuti { $amount }
balance-still-missing = Mancano ancora
balance-excess = Pagato in eccesso { $amount }
qr-label = Codice QR per pagare { $amount }
qr-too-long = Questo pagamento è troppo lungo per un codice QR.
qr-fiat-still-due = ≈ { $amount } ancora da pagare
qr-fiat-rest = il resto del prezzo
price-with-tip = { $total } ({ $sale } + { $tip } di mancia)
countdown-label = Prezzo valido per
countdown-expired = Il prezzo è scaduto
countdown-seconds-left = { $seconds ->
    [one] Ancora { $seconds } secondo a questo prezzo
   *[other] Ancora { $seconds } secondi a questo prezzo
}
countdown-minutes-left = { $minutes ->
    [one] Ancora { $minutes } minuto a questo prezzo
   *[other] Ancora { $minutes } minuti a questo prezzo
}
due-amount-to-pay = Importo da pagare
due-partly-paid = Pagato in parte — invia il resto
due-on-network = sulla rete { $network }
fiat-for = per { $price }
fiat-still-due-of = { $due } ancora da pagare su { $price }
fiat-of = su { $price }
address = Indirizzo
copy = Copia
copied = Copiato ✓
memo = Tag di destinazione / memo:
scan-hint = Scansiona il codice con la tua app wallet oppure copia indirizzo e importo.
paid = Pagato
paid-overpaid = Pagato (in eccesso)
paid-received = Ricevuti { $amount }
paid-thanks = Grazie!
paid-when = Pagato il { $when }
paid-excess = Hai inviato { $excess } in più. Il negozio può rimborsarti l’eccedenza.
view-receipt = Vedi lo scontrino
receipt-link = Link dello scontrino
send-receipt = Invia lo scontrino
link-copied = Link copiato ✓
share-email = E-mail
receipt-share-text = Il tuo scontrino di { $shop }
closed-expired = Questo pagamento è scaduto. Chiedi al negozio di crearne uno nuovo.
closed-cancelled = Questo pagamento è stato annullato.
closed-rejected = Non è stato possibile creare questo pagamento. Chiedi al negozio di crearne uno nuovo.
closed-late = Il tuo denaro è arrivato dopo la chiusura del pagamento. Il negozio lo rimborserà o lo accetterà.
closed-refunded = Questo pagamento è stato rimborsato.
offline = Sei offline. La pagina si aggiornerà quando tornerà la connessione.
language = Lingua
language-change = Cambia
