# The customer's payment page in German: the same messages and variables as en.ftl.

page-title = Zahlung an { $shop }
page-payment-to = Zahlung an
page-link-title = Zahlungslink
error-link-invalid = Dieser Zahlungslink ist ungültig.
error-too-many = Zu viele Anfragen aus diesem Netzwerk. Bitte warten Sie eine Minute und laden Sie die Seite dann neu.
error-unavailable = Diese Zahlung kann gerade nicht angezeigt werden. Bitte laden Sie die Seite gleich neu.
sandbox-notice-strong = TESTZAHLUNG
sandbox-notice-text = Sandbox: Die Adresse ist nicht echt. Senden Sie kein echtes Geld.
test-mark = TEST — Sandbox, kein echtes Geld
state-awaiting = Warten auf Zahlung
state-pending = Zahlung erkannt — wird bestätigt
state-underpaid = Teilweise bezahlt
state-paid = Bezahlt
state-overpaid = Zu viel bezahlt
state-expired = Abgelaufen
state-cancelled = Storniert
state-refunded = Erstattet
state-rejected = Nicht angelegt
state-late = Nach Abschluss eingegangen
refunds-label = Erstattungen
refund-type-full = Vollständige Erstattung
refund-type-partial = Teilerstattung
refund-type-underpaid = Erstattung Ihres Betrags
refund-type-overpaid = Erstattung des Mehrbetrags
refund-state-requested = Beantragt
refund-state-refunded = Erstattet
refund-state-unknown = Wird geprüft
refund-state-failed = Nicht erfolgt
refund-state-needs_attention = Das Geschäft prüft das
balance-received = Erhalten { $amount }
balance-still-missing = Es fehlen noch
balance-excess = Zu viel bezahlt { $amount }
qr-label = QR-Code zum Bezahlen von { $amount }
qr-too-long = Diese Zahlung ist zu lang für einen QR-Code.
qr-fiat-still-due = ≈ { $amount } noch offen
qr-fiat-rest = der Restbetrag
price-with-tip = { $total } ({ $sale } + { $tip } Trinkgeld)
countdown-label = Preis gültig für
countdown-expired = Der Preis ist abgelaufen
countdown-seconds-left = { $seconds ->
    [one] Noch { $seconds } Sekunde zu diesem Preis
   *[other] Noch { $seconds } Sekunden zu diesem Preis
}
countdown-minutes-left = { $minutes ->
    [one] Noch { $minutes } Minute zu diesem Preis
   *[other] Noch { $minutes } Minuten zu diesem Preis
}
due-amount-to-pay = Zu zahlender Betrag
due-partly-paid = Teilweise bezahlt — bitte den Rest senden
due-on-network = im { $network }-Netzwerk
fiat-for = für { $price }
fiat-still-due-of = { $due } noch offen von { $price }
fiat-of = von { $price }
address = Adresse
copy = Kopieren
copied = Kopiert ✓
memo = Destination Tag / Memo:
scan-hint = Scannen Sie den Code mit Ihrer Wallet-App oder kopieren Sie Adresse und Betrag.
paid = Bezahlt
paid-overpaid = Bezahlt (zu viel)
paid-received = Erhalten { $amount }
paid-thanks = Vielen Dank!
paid-when = Bezahlt am { $when }
paid-excess = Sie haben { $excess } zu viel gesendet. Das Geschäft kann den Mehrbetrag erstatten.
view-receipt = Beleg ansehen
receipt-link = Beleg-Link
send-receipt = Beleg senden
link-copied = Link kopiert ✓
share-email = E-Mail
receipt-share-text = Ihr Beleg von { $shop }
closed-expired = Diese Zahlung ist abgelaufen. Bitte fragen Sie im Geschäft nach einer neuen.
closed-cancelled = Diese Zahlung wurde storniert.
closed-rejected = Diese Zahlung konnte nicht angelegt werden. Bitte fragen Sie im Geschäft nach einer neuen.
closed-late = Ihr Geld ist nach Abschluss dieser Zahlung eingegangen. Das Geschäft erstattet oder übernimmt es.
closed-refunded = Diese Zahlung wurde erstattet.
offline = Sie sind offline. Die Seite aktualisiert sich, sobald die Verbindung zurück ist.
language = Sprache
language-change = Ändern
