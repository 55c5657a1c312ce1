# Die Kassen-App auf Deutsch (gleiche IDs und Variablen wie en.ftl).

## Auf jedem Bildschirm

offline-banner = Keine Verbindung. Zahlungen können erst wieder angelegt werden, wenn die Verbindung zurück ist.
not-found-title = Seite nicht gefunden
not-found-text = Unter dieser Adresse gibt es nichts.
not-found-go = Zur Kasse
notice-unpaired = Dieses Gerät ist mit keiner Kasse mehr gekoppelt. Koppeln Sie es neu, um Zahlungen anzunehmen.
sandbox-badge = Testmodus
nav-label = Hauptmenü
nav-charge = Kasse
nav-history = Verlauf
nav-reports = Berichte
nav-settings = Einstellungen
theme-system = Wie das Gerät
theme-light = Hell
theme-dark = Dunkel
more = Details

## Fehler

error-network = Der Server ist nicht erreichbar. Prüfen Sie die Verbindung und versuchen Sie es erneut.
error-generic = Beim Server ist etwas schiefgegangen. Versuchen Sie es gleich noch einmal.
error-not-paired = Dieses Gerät ist nicht gekoppelt.
error-code-validation = Einige Angaben stimmen nicht. Bitte prüfen Sie die markierten Felder.
error-code-bad-request = Der Server konnte die Anfrage nicht lesen. Laden Sie die Seite neu und versuchen Sie es erneut.
error-code-unauthorized = Dieses Gerät darf das nicht.
error-code-not-found = Nicht gefunden. Vielleicht wurde es entfernt.
error-code-conflict = Das wurde inzwischen geändert. Laden Sie neu und versuchen Sie es erneut.
error-code-too-large = Das ist zu groß zum Senden.
error-code-rate-limited = Zu viele Versuche auf einmal. Warten Sie einen Moment und versuchen Sie es dann erneut.
error-code-upstream-rejected = WCT Pay hat das abgelehnt.
error-code-upstream-unavailable = WCT Pay ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal.
error-code-upstream-timeout = WCT Pay hat zu lange nicht geantwortet. Versuchen Sie es erneut.
error-code-upstream-invalid = Die Antwort von WCT Pay war nicht lesbar.
error-code-upstream-unknown = Wir konnten nicht bestätigen, ob WCT Pay das ausgeführt hat. Prüfen Sie erneut – es passiert nie doppelt.
error-code-upstream-mismatch = Die Antwort von WCT Pay passte nicht zum Verkauf und wurde abgelehnt.
error-code-pairing-expired = Dieser Kopplungscode ist abgelaufen. Fordern Sie auf einem anderen Gerät einen neuen an.
error-code-pairing-used = Dieser Kopplungscode wurde schon verwendet. Fordern Sie einen neuen an.
error-code-device-limit = Diese Kasse hat schon so viele Geräte wie erlaubt. Melden Sie zuerst eines ab.
error-code-pin-wrong = Falsche Manager-PIN.
error-code-refunds-locked = Zu viele falsche PINs: Erstattungen sind vorübergehend gesperrt.
error-code-refund-on-hold = Eine frühere Erstattung dieser Zahlung ist noch offen. Warten Sie, bis sie abgeschlossen ist.
error-code-payment-has-money = Auf dieser Zahlung ist schon Geld eingegangen, sie kann nicht storniert werden.
error-code-refunds-not-configured = Erstattungen sind auf diesem Server nicht eingerichtet (keine Manager-PIN).
error-code-cart-stale = Einige Artikel im Warenkorb haben einen neuen Preis oder werden nicht mehr verkauft. Bitte den Warenkorb prüfen und erneut kassieren.
error-code-discount-needs-pin = Ein so hoher Rabatt braucht die Manager-PIN.

## Kassieren: das Tastenfeld

charge-title = Kassieren
charge-loading = Kasse wird geladen …
charge-reference-used = Diese Referenz wurde schon für eine andere Zahlung verwendet. Bitte ändern.
charge-outcome-unknown = Wir konnten nicht bestätigen, ob WCT Pay diese Zahlung angelegt hat. Prüfen Sie erneut – sie wird nie doppelt angelegt.
charge-mismatch = { $reason }. Dem Kunden wurde nichts angezeigt; Sie können neu kassieren.
charge-not-accepted = WCT Pay hat die Zahlung nicht angenommen: { $reason }
charge-tip-unreadable = Geben Sie das Trinkgeld als Betrag ein, z. B. 2,50, oder wählen Sie „Kein Trinkgeld“.
charge-tip-does-not-fit = Das Trinkgeld passt nicht zu diesem Verkauf – bitte ein anderes wählen.
charge-why-offline = Offline: Zum Kassieren braucht es eine Verbindung. Sie kommt von selbst zurück.
charge-why-zero = Betrag eingeben (oder Artikel hinzufügen), um zu kassieren.
charge-why-fix = Korrigieren Sie die markierten Felder, um zu kassieren.
charge-checking = Prüfe, ob die Zahlung angelegt wurde …
charge-creating = Wird angelegt …
charge-button = Kassieren
charge-button-amount = { $amount } { $currency } kassieren
charge-description = Beschreibung (optional)
charge-reference = Referenz
charge-tip-note = Trinkgeld ist aktiv: Nach „Kassieren“ reichen Sie den Bildschirm dem Kunden, damit er es wählt.
charge-check-again = Erneut prüfen
charge-in = Kassieren in
settlement-network = Abrechnungsnetzwerk
pay-with = Kunde zahlt mit
pay-with-on-network = { $asset } im { $network }-Netzwerk
network = Netzwerk
network-choose = Netzwerk wählen
amount = Betrag
amount-from-cart = Der Betrag ist die Summe des Warenkorbs.
keypad = Tastenfeld für den Betrag
keypad-point = Dezimalkomma
keypad-back = Letzte Ziffer löschen
keypad-clear = Löschen
tip-continue = Weiter · { $amount } { $currency }
tip-back = Zurück zur Kasse
cart-title = Warenkorb
cart-empty = Artikel hinzufügen (optional)
cart-count =
    { $count ->
        [one] { $count } Artikel
       *[other] { $count } Artikel
    }
cart-add = + Artikel
cart-total = Summe
cart-item = Artikel { $number }
cart-item-name = Artikelname
cart-item-description = Beschreibung
cart-item-quantity = Menge
cart-item-price = Einzelpreis
cart-item-remove = Artikel { $number } entfernen
customer-title = Kundendaten
customer-optional = optional
field-personal_fname = Vorname
field-personal_lname = Nachname
field-personal_address = Straße und Hausnummer
field-personal_city = Ort
field-personal_state = Bundesland / Region
field-personal_country = Land
field-personal_postcode = PLZ
field-personal_mobile = Mobilnummer
field-personal_dob = Geburtsdatum
field-personal_country-hint = z. B. DE
field-personal_mobile-hint = z. B. 0151 23456789

## Einstellungen

settings-title = Einstellungen
settings-terminal = Kasse
settings-shop = Geschäft: { $shop }
settings-this-device = Dieses Gerät
settings-sound = Ton, wenn eine Zahlung eingeht
settings-theme = Darstellung
settings-device-language = Sprache dieses Geräts
settings-device-language-store = Sprache des Geschäfts ({ $language })
settings-forget = Dieses Gerät vergessen
settings-forget-text = Meldet dieses Gerät ab und löscht seinen Zugang. Zum erneuten Koppeln braucht es einen neuen Code von einem anderen Gerät.
store-title = Geschäft
store-every-terminal = Für alle Kassen dieses Geschäfts.
store-language-title = Sprache
store-language = Sprache der Kasse, auch auf Belegen und Berichten
store-tips = Trinkgeld
store-tips-enabled = Vor der Zahlung Trinkgeld anbieten
store-tips-percentages = Trinkgeld in Prozent
store-tips-custom = Kunde darf einen eigenen Betrag eingeben
store-tips-rounding = Rundung eines Prozent-Trinkgelds
store-day = Geschäftstag
store-zone = Zeitzone (wann der Tag des Tagesabschlusses beginnt)
store-zone-device = Zeitzone dieses Geräts übernehmen
store-country = Land des Geschäfts (für lokale Telefonnummern der Kunden)
store-pin = Manager-PIN (zum Speichern nötig)
save = Speichern
saved = Gespeichert ✓
tip-rounding-exact = Genau (auf den Cent)
tip-rounding-up_to_five_hundredths = Auf 0,05 aufrunden
tip-rounding-up_to_whole = Auf einen ganzen Betrag aufrunden

## Eine Zahlung: QR-Code, Betrag, bezahlt

payment-not-found = Diese Zahlung gibt es nicht.
payment-loading = Zahlung wird geladen …
payment-unavailable = Zahlung nicht verfügbar
new-charge = Neuer Verkauf
receipt = Beleg
payment-closed-received = { $price } · erhalten { $received }
payment-price-updated = Preis aktualisiert – Betrag und QR-Code unten sind neu.
payment-closed-expired = Diese Zahlung ist abgelaufen, bevor sie bezahlt wurde.
payment-closed-cancelled = Diese Zahlung wurde storniert.
payment-closed-refunded = Diese Zahlung wurde erstattet.
payment-closed-rejected = Diese Zahlung wurde abgelehnt.
payment-closed-late = Nach dem Abschluss dieser Zahlung ist noch Geld eingegangen.
payment-closed = Diese Zahlung ist abgeschlossen.
late-title-expired = Geld ist eingegangen, nachdem diese Zahlung abgelaufen war
late-title-cancelled = Geld ist eingegangen, nachdem diese Zahlung storniert wurde
late-title-closed = Geld ist eingegangen, nachdem diese Zahlung abgeschlossen war
late-decide = Als Zahlung für diesen Verkauf behalten oder dem Kunden erstatten.
kept-as-payment = Als Zahlung behalten
share-pay-text = Bitte { $amount } für { $description } bezahlen
payment-pending = Zahlung im Netzwerk gesehen – warte auf Bestätigungen (bisher { $confirmations }).
price-with-tip = { $total } ({ $sale } + { $tip } Trinkgeld)
qr-still-due = { $amount } noch offen
qr-rest-of-price = der Rest des Preises
qr-label = QR-Code, um { $amount } { $asset } zu zahlen
fiat-lead-for = für
fiat-lead-still-due-of = noch offen von
fiat-lead-of = von
due-partly-paid = Teilweise bezahlt – bitte den Rest senden
due-amount = Zu zahlender Betrag
due-network = im { $network }-Netzwerk
address = Adresse
copy = Kopieren
copied = Kopiert ✓
destination-tag = Destination-Tag / Memo:
received = Erhalten
still-missing = Es fehlen noch
paid-in-excess = Zu viel bezahlt
paid-counter = Kasse
paid = Bezahlt
paid-overpaid = Bezahlt (überzahlt)
paid-thanks = Vielen Dank!
paid-excess-back = Der zu viel gezahlte Betrag geht an den Kunden zurück:
paid-excess = Der Kunde hat zu viel gesendet:
paid-excess-shop-refunds = Das Geschäft kann den Überschuss erstatten.
countdown-label = Preis gültig für
countdown-expired = Der Preis ist abgelaufen
countdown-seconds =
    { $seconds ->
        [one] Noch { $seconds } Sekunde zu diesem Preis
       *[other] Noch { $seconds } Sekunden zu diesem Preis
    }
countdown-minutes =
    { $minutes ->
        [one] Noch { $minutes } Minute zu diesem Preis
       *[other] Noch { $minutes } Minuten zu diesem Preis
    }
cancel-failed = Stornieren fehlgeschlagen: { $reason }
cancel-payment = Zahlung stornieren
cancel-question = Diese Zahlung stornieren?
cancel-busy = Wird storniert …
cancel-yes = Ja, stornieren
cancel-keep-waiting = Weiter warten
share-receipt-title = Link zum Beleg
share-receipt = Beleg senden
share-payment-title = Zahlungslink
share-payment = Link teilen
share-copied = Link kopiert ✓
share-email = E-Mail
keep-failed = Nicht behalten: { $reason }
keep-payment = Als Zahlung behalten
keep-question = Diesen Betrag als Zahlung für diesen Verkauf behalten?
keep-busy = Wird übernommen …
keep-yes = Ja, behalten
back = Zurück
tip-title = Trinkgeld geben?
tip-none = Kein Trinkgeld
tip-custom = Eigener Betrag
tip-custom-label = Trinkgeld ({ $currency })
simulate-title = Testmodus · Kundenzahlung simulieren
simulate-text = Nur zur Vorführung: sendet Test-Coins aus einer Schein-Wallet.
simulate-full = Voll bezahlen
simulate-half = Hälfte zahlen
simulate-over = Überzahlen ×1,5

## Zahlungsstatus

state-awaiting = Warte auf Zahlung
state-pending = Zahlung gesehen – wird bestätigt
state-underpaid = Unterzahlt
state-paid = Bezahlt
state-overpaid = Überzahlt
state-expired = Abgelaufen
state-cancelled = Storniert
state-refunded = Erstattet
state-rejected = Abgelehnt – die Antwort des Zahlungsdienstes passte nicht
state-late = Geld nach Abschluss – erstatten oder annehmen
state-short-awaiting = Warte auf Zahlung
state-short-pending = Wird bestätigt
state-short-underpaid = Unterzahlt
state-short-paid = Bezahlt
state-short-overpaid = Überzahlt
state-short-expired = Abgelaufen
state-short-cancelled = Storniert
state-short-refunded = Erstattet
state-short-rejected = Abgelehnt
state-short-late = Verspätetes Geld

## Koppeln

pair-error-used = Dieser Kopplungscode wurde schon verwendet. Öffnen Sie auf einem gekoppelten Gerät Einstellungen → Gerät hinzufügen für einen neuen.
pair-error-expired = Dieser Kopplungscode ist abgelaufen. Öffnen Sie auf einem gekoppelten Gerät Einstellungen → Gerät hinzufügen für einen neuen.
pair-error-throttled-wait = Zu viele Kopplungsversuche aus diesem Netzwerk. Versuchen Sie es in { $wait } erneut.
pair-error-throttled = Zu viele Kopplungsversuche aus diesem Netzwerk. Warten Sie eine Minute und versuchen Sie es erneut.
pair-error-unknown = Dieser Kopplungscode ist unbekannt. Vergleichen Sie ihn mit dem anderen Bildschirm oder fordern Sie einen neuen an.
pair-title = Dieses Gerät koppeln
pair-from-link = Prüfen Sie den Code, geben Sie dem Gerät einen Namen und koppeln Sie es.
pair-how = Öffnen Sie auf einem schon gekoppelten Gerät Einstellungen → Gerät hinzufügen. Scannen Sie dort den QR-Code oder tippen Sie den angezeigten Code hier ein.
pair-code = Kopplungscode
pair-device-name = Name dieses Geräts
pair-device-name-hint = Erscheint unter Einstellungen → Geräte, wo es abgemeldet werden kann.
pair-busy = Wird gekoppelt …
pair-code-empty = Geben Sie den Kopplungscode vom anderen Gerät ein.
pair-code-short = Ein Kopplungscode hat 8 Buchstaben und Ziffern, z. B. K7QF-2M9X.
pair-code-long = Ein Kopplungscode hat nur 8 Buchstaben und Ziffern, z. B. K7QF-2M9X.
pair-code-bad-char = „{ $char }“ kommt in Kopplungscodes nicht vor: Sie enthalten nie 0, 1, I, L oder O, nur Buchstaben und Ziffern.
device-name-default = { $browser } auf { $system }
pair-name-empty = Geben Sie dem Gerät einen Namen, z. B. „Kassen-Tablet“.
wait-minutes = { $minutes } Min.
wait-seconds = { $seconds } s

## Einstellungen: Geräte und Kopplungscodes

devices-code-error-wait = { $reason } (erneut versuchen in { $wait }).
devices-add = Gerät hinzufügen
devices-add-text = Ein weiteres Handy oder Tablet mit dieser Kasse koppeln: Es bekommt einen Einmalcode, der wenige Minuten gilt.
devices-new-name = Name des neuen Geräts (optional)
devices-new-name-hint = z. B. Kassen-Tablet 2
devices-getting-code = Code wird angefordert …
done = Fertig
devices-qr-label = Kopplungslink für ein neues Gerät
devices-step-scan = Scannen Sie auf dem neuen Gerät diesen QR-Code mit der Kamera oder öffnen Sie den Link unten.
devices-step-type = Oder öffnen Sie dort die Seite /pair dieser App und tippen Sie den Code ein.
devices-code-label = Kopplungscode { $code }
devices-code-expired = Dieser Code ist abgelaufen.
devices-new-code = Neuer Code
devices-valid-for = Gültig für
devices-works-once = nur einmal verwendbar
devices-signed-out-notice = Dieses Gerät wurde abgemeldet. Koppeln Sie es neu, um Zahlungen anzunehmen.
devices-unused-codes = Unbenutzte Kopplungscodes
devices-title = Geräte
devices-text = Mit diesem Geschäft gekoppelte Handys und Tablets. Ein abgemeldetes Gerät ist sofort gesperrt und braucht zum Koppeln einen neuen Code.
devices-loading = Geräte werden geladen …
devices-made-on-device = auf einem Gerät erstellt
devices-made-on-console = in der Konsole erstellt
devices-terminal = Kasse: { $terminal }
devices-valid-until = Gültig bis { $when }
devices-cancel-code = Code widerrufen
devices-paired-seen = Gekoppelt { $paired } · zuletzt aktiv { $seen }
devices-paired-unused = Gekoppelt { $paired } · noch nicht benutzt
devices-sign-out-self = Dieses Gerät abmelden? Es kehrt zum Kopplungsbildschirm zurück.
devices-sign-out-other = „{ $name }“ ({ $when }) abmelden? Es funktioniert sofort nicht mehr.
devices-revoked = Abgemeldet
devices-confirm-sign-out = Abmelden bestätigen
devices-signing-out = Wird abgemeldet …
devices-sign-out = Abmelden
devices-keep = Behalten
devices-sign-out-ask = Abmelden …

## Belege (in der Sprache des Geschäfts gedruckt)

print = Drucken
receipt-amount = Betrag
receipt-excess = Überschuss
receipt-share-text = Ihr Beleg von { $shop }
receipt-share-text-no-shop = Ihr Beleg vom Geschäft
receipt-late-decide = erstatten oder annehmen.
receipt-paid-with = Bezahlt mit
receipt-rate = Kurs
receipt-state = Status
receipt-code = Zahlungscode
receipt-updated = Aktualisiert
refunds = Erstattungen
receipt-transactions = Transaktion(en)
receipt-not-yet = Für diesen Link gibt es noch keinen Beleg: Die Zahlung ist nicht abgeschlossen.
receipt-loading = Beleg wird geladen …
receipt-back-payment = Zahlung

## Verlauf

history-all = Alle
history-empty = Noch keine Zahlungen.
history-filter = Nach Status filtern
loading = Wird geladen …
history-more = Mehr laden

## Erstattungen

refund = Erstatten
refund-offer-excess = Überschuss erstatten
refund-offer-received = Erhaltenes erstatten
refund-retry = Erstattung erneut versuchen
refund-type-full = Vollständige Erstattung
refund-type-partial = Teilerstattung
refund-type-underpaid = Erstattung des Erhaltenen
refund-type-overpaid = Erstattung des Überschusses
refund-state-requested = Erstattung angefordert
refund-state-refunded = Erstattet
refund-state-unknown = Erstattung gesendet – Ergebnis wird geprüft
refund-state-failed = Erstattung nicht erfolgt
refund-state-needs_attention = Erstattung prüfen – bitte mit WCT Pay klären
refund-mark-attention = Erstattung prüfen
refund-mark-requested = Erstattung angefordert
refund-mark-refunded = { $amount } erstattet
refund-hold-mismatch = Vorerst keine neue Erstattung: Eine frühere Erstattung dieser Zahlung passt nicht zu den Angaben von WCT Pay. Klären Sie die Zahlung mit WCT Pay, bevor Sie erneut erstatten.
refund-hold-waiting = Vorerst keine neue Erstattung: Eine frühere Erstattung dieser Zahlung wartet noch auf WCT Pay. Eine neue ist möglich, sobald sie als erstattet oder nicht erfolgt gilt.
refund-not-made = Die Erstattung wurde nicht ausgeführt: { $reason }
refund-kind = Art der Erstattung
refund-summary = Erhalten { $received } · bis zu { $left } erstattbar
refund-locked-store = Zu viele falsche Manager-PINs: Erstattungen sind auf allen Geräten dieses Geschäfts gesperrt. Erneut versuchen in { $wait }.
refund-locked-device = Zu viele falsche Manager-PINs: Erstattungen sind auf diesem Gerät gesperrt. Erneut versuchen in { $wait }.
refund-amount = Betrag ({ $asset })
refund-contact = WCT Pay fragt den Kunden, wie erstattet werden soll: Geben Sie eine E-Mail-Adresse oder Mobilnummer an.
refund-email = E-Mail des Kunden
refund-mobile = Mobilnummer des Kunden (+Ländervorwahl)
refund-remarks = Bemerkung (optional)
refund-pin = Manager-PIN
refund-busy = Wird erstattet …
refund-submit = { $amount } erstatten
close = Schließen

## Tagesabschluss (der Z-Bon wird in der Sprache des Geschäfts gedruckt)

reports-title = Tagesabschluss
reports-day = Tag
reports-scope = Umfang
reports-this-terminal = Diese Kasse
reports-whole-store = Ganzes Geschäft
reports-csv = CSV herunterladen
reports-print = Z-Bon drucken
reports-loading = Bericht wird geladen …
reports-save-failed = Die Datei konnte nicht gespeichert werden.
reports-empty = Keine Zahlungen an diesem Tag.
reports-note-excess = Überschuss { $amount }
reports-note-missing = fehlt { $missing } · Verkauf { $sale }
reports-note-refunded = erstattet { $amount }
reports-totals = Eingenommen: bezahlte und überzahlte Verkäufe inkl. Trinkgeld, abzüglich Erstattungen
reports-lines = Nach Status (unterzahlt: was noch offen ist)
reports-assets = Nach Zahlungsmittel: jede erhaltene Münze, inkl. Teilzahlungen und verspätetem Geld (behalten = erhalten − erstattet)
reports-col-currency = Währung
reports-col-sales = Verkäufe
reports-col-taken = Eingenommen (inkl. Trinkgeld)
reports-col-tips = Davon Trinkgeld
reports-col-due = Noch offen (unterzahlt)
reports-col-state = Status
reports-col-count = Anzahl
reports-col-asset = Zahlungsmittel
reports-col-kept = Behalten
bucket-paid = Bezahlt
bucket-overpaid = Überzahlt
bucket-underpaid = Unterzahlt (teilweise bezahlt)
bucket-open = Noch offen
bucket-refunded = Erstattet
bucket-late = Verspätetes Geld
bucket-received_on_closed = Auf abgelaufene/stornierte Zahlung erhalten – erstatten oder behalten
bucket-kept = Nach Abschluss als Zahlung behalten
bucket-cancelled_expired = Storniert / abgelaufen, nichts erhalten
bucket-rejected = Abgelehnt
z-report = Z-Bon
z-underpaid = Unterzahlt × { $count } · noch offen
z-part-paid = bisher teilweise bezahlt (nicht in Eingenommen)
z-taken =
    { $count ->
        [one] Eingenommen ({ $count } Verkauf), inkl. Trinkgeld
       *[other] Eingenommen ({ $count } Verkäufe), inkl. Trinkgeld
    }
z-tips = davon Trinkgeld
z-asset-received = { $asset } erhalten (alle Status)
z-asset-refunded = { $asset } erstattet
z-asset-kept = { $asset } behalten
z-printed = Gedruckt { $when }

## Testmodus

sandbox-notice-strong = TESTZAHLUNG
sandbox-notice-text = Testmodus: Die Adresse ist nicht echt. Kein echtes Geld senden.
test-mark = TEST – Testmodus, kein echtes Geld

grid-title = Artikel
grid-categories = Kategorien
grid-all = Alle
grid-search = Name oder Barcode suchen
grid-add = Ein { $name } hinzufügen
grid-none = Kein Artikel passt.
scan-added = { $name } hinzugefügt
scan-unknown = Unbekannter Barcode { $code }: Kein Artikel hat ihn.
cart-item-discount = Rabatt
cart-discount-hint = 10% oder 2,00
cart-sale-discount = Rabatt auf den ganzen Einkauf
cart-discount-total = Rabatte:
cart-pin = Manager-PIN (für diesen Rabatt)
cart-pin-needed = Ein so hoher Rabatt braucht die Manager-PIN.
cart-qty-less = Artikel { $number }: einer weniger
cart-qty-more = Artikel { $number }: einer mehr
cart-stale-notice = Der Katalog hat sich geändert, seit diese Artikel im Warenkorb sind: Bitte die markierten Zeilen prüfen und erneut kassieren.
cart-stale-price = { $name } kostet jetzt { $new } { $currency } (vorher { $old }).
cart-stale-tax = Für { $name } gilt jetzt ein anderer Steuersatz.
cart-stale-gone = { $name } wird nicht mehr verkauft.
cart-stale-remove = Nicht mehr im Verkauf: Bitte diese Zeile entfernen.
charge-cart-stale = Während dieses Verkaufs haben sich Preise geändert. Es wurde nichts kassiert: Der Warenkorb hat jetzt die aktuellen Preise, bitte prüfen und erneut kassieren.
tax-rate = Steuersatz
tax-discount = Rabatt
tax-net = Netto
tax-tax = Steuer
tax-gross = Brutto
tax-untaxed = Steuerfrei

receipt-tax-id = USt-IdNr.
receipt-number = Beleg-Nr.
receipt-supplied-at = Leistungszeitpunkt
receipt-terminal = Kasse
receipt-discount = Rabatt
receipt-sale-line = Verkauf
receipt-discounts = Rabatte
receipt-credit-note = Gutschrift { $number } zu Beleg { $receipt }

reports-tax = Steuer nach Steuersatz
reports-col-receipts = Belege
reports-receipts = Belegnummern und Gutschriften
reports-col-document = Beleg
reports-first-receipt = Erster Beleg
reports-last-receipt = Letzter Beleg

rules-tax = Steuern
rules-rate = Steuersatz { $number }
rules-rate-id = Kürzel (z. B. standard)
rules-rate-id-head = Kürzel
rules-rate-name = Name auf dem Beleg
rules-rate-percent = Prozent
rules-rate-remove = Steuersatz { $number } entfernen
rules-rate-add = + Steuersatz
rules-default-rate = Standardsatz (freie Beträge über das Tastenfeld)
rules-exclusive = Preise sind Nettopreise (Steuer kommt an der Kasse dazu, wie in den USA)
rules-tips-taxed = Trinkgeld wird versteuert (zum Standardsatz)
rules-currency = Währung des Geschäfts (Artikelpreise)
rules-max-discount = Rabatte über diesem Anteil (%) brauchen die Manager-PIN
rules-receipt = Angaben auf dem Beleg
rules-legal-name = Firmenname (rechtlich)
rules-address = Anschrift (eine Zeile pro Zeile)
rules-tax-id = USt-IdNr. / Steuernummer
rules-footer = Fußzeile (optional)
rules-prefix = Präfix der Belegnummer (z. B. R-)
