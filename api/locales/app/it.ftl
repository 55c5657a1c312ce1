# L'app di cassa in italiano (stessi identificativi e variabili di en.ftl).

## In ogni schermata

offline-banner = Sei offline. Non si possono creare pagamenti finché la connessione non torna.
not-found-title = Pagina non trovata
not-found-text = A questo indirizzo non c'è nulla.
not-found-go = Vai a Incassa
notice-unpaired = Questo dispositivo non è più associato a una cassa. Associalo di nuovo per incassare.
sandbox-badge = Modalità test
nav-label = Menu principale
nav-charge = Incassa
nav-history = Storico
nav-reports = Report
nav-settings = Impostazioni
theme-system = Come il dispositivo
theme-light = Chiaro
theme-dark = Scuro
more = Dettagli

## Errori

error-network = Il server non è raggiungibile. Controlla la connessione e riprova.
error-generic = Qualcosa è andato storto sul server. Riprova tra un attimo.
error-not-paired = Questo dispositivo non è associato.
error-code-validation = Alcuni dati non sono corretti. Controlla i campi evidenziati.
error-code-bad-request = Il server non ha potuto leggere la richiesta. Ricarica la pagina e riprova.
error-code-unauthorized = Questo dispositivo non è autorizzato.
error-code-not-found = Non trovato. Forse è stato rimosso.
error-code-conflict = Nel frattempo è cambiato qualcosa. Ricarica e riprova.
error-code-too-large = È troppo grande per essere inviato.
error-code-rate-limited = Troppi tentativi insieme. Attendi un attimo e riprova.
error-code-upstream-rejected = WCT Pay ha rifiutato.
error-code-upstream-unavailable = WCT Pay al momento non è raggiungibile. Riprova tra un attimo.
error-code-upstream-timeout = WCT Pay ha impiegato troppo a rispondere. Riprova.
error-code-upstream-invalid = La risposta di WCT Pay non è leggibile.
error-code-upstream-unknown = Non abbiamo potuto confermare se WCT Pay l'ha eseguito. Controlla di nuovo: non succederà mai due volte.
error-code-upstream-mismatch = La risposta di WCT Pay non corrispondeva alla vendita ed è stata rifiutata.
error-code-pairing-expired = Questo codice di associazione è scaduto. Chiedine uno nuovo da un altro dispositivo.
error-code-pairing-used = Questo codice di associazione è già stato usato. Chiedine uno nuovo.
error-code-device-limit = Questa cassa ha già il numero massimo di dispositivi. Disconnettine prima uno.
error-code-pin-wrong = PIN del responsabile errato.
error-code-refunds-locked = Troppi PIN errati: i rimborsi sono bloccati per un po'.
error-code-refund-on-hold = Un rimborso precedente di questo pagamento è ancora aperto. Attendi che si concluda.
error-code-payment-has-money = Questo pagamento ha già ricevuto denaro, quindi non si può annullare.
error-code-refunds-not-configured = I rimborsi non sono configurati su questo server (manca il PIN del responsabile).
error-code-cart-stale = Alcuni articoli nel carrello hanno cambiato prezzo o non sono più in vendita. Controlla il carrello e incassa di nuovo.
error-code-discount-needs-pin = Uno sconto così alto richiede il PIN del responsabile.

## Incassa: il tastierino

charge-title = Incassa
charge-loading = Caricamento della cassa…
charge-reference-used = Questo riferimento è già stato usato per un altro pagamento; cambialo.
charge-outcome-unknown = Non abbiamo potuto confermare se WCT Pay ha creato questo pagamento. Controlla di nuovo: non verrà mai creato due volte.
charge-mismatch = { $reason }. Al cliente non è stato mostrato nulla; puoi incassare di nuovo.
charge-not-accepted = WCT Pay non ha accettato il pagamento: { $reason }
charge-tip-unreadable = Inserisci la mancia come importo, ad es. 2,50, oppure scegli «Nessuna mancia».
charge-tip-does-not-fit = La mancia non è compatibile con questa vendita: scegline un'altra.
charge-why-offline = Offline: per incassare serve la connessione. Tornerà da sola.
charge-why-zero = Inserisci un importo (o aggiungi articoli) per incassare.
charge-why-fix = Correggi i campi evidenziati sopra per incassare.
charge-checking = Verifico se il pagamento è stato creato…
charge-creating = Creazione…
charge-button = Incassa
charge-button-amount = Incassa { $amount } { $currency }
charge-description = Descrizione (facoltativa)
charge-reference = Riferimento
charge-tip-note = Mance attive: dopo «Incassa», passa lo schermo al cliente perché scelga la sua.
charge-check-again = Controlla di nuovo
charge-in = Incassa in
settlement-network = Rete di regolamento
pay-with = Il cliente paga con
pay-with-on-network = { $asset } sulla rete { $network }
network = Rete
network-choose = Scegli la rete
amount = Importo
amount-from-cart = L'importo è il totale del carrello.
keypad = Tastierino dell'importo
keypad-point = Virgola decimale
keypad-back = Cancella l'ultima cifra
keypad-clear = Cancella
tip-continue = Continua · { $amount } { $currency }
tip-back = Torna alla cassa
cart-title = Carrello
cart-empty = Aggiungi articoli (facoltativo)
cart-count =
    { $count ->
        [one] { $count } articolo
       *[other] { $count } articoli
    }
cart-add = + Aggiungi articolo
cart-total = Totale
cart-item = Articolo { $number }
cart-item-name = Nome articolo
cart-item-description = Descrizione
cart-item-quantity = Q.tà
cart-item-price = Prezzo unitario
cart-item-remove = Rimuovi l'articolo { $number }
customer-title = Dati del cliente
customer-optional = facoltativi
field-personal_fname = Nome
field-personal_lname = Cognome
field-personal_address = Indirizzo
field-personal_city = Città
field-personal_state = Provincia / regione
field-personal_country = Paese
field-personal_postcode = CAP
field-personal_mobile = Cellulare
field-personal_dob = Data di nascita
field-personal_country-hint = es. IT
field-personal_mobile-hint = es. 312 345 6789

## Impostazioni

settings-title = Impostazioni
settings-terminal = Cassa
settings-shop = Negozio: { $shop }
settings-this-device = Questo dispositivo
settings-sound = Suono all'arrivo di un pagamento
settings-theme = Tema
settings-device-language = Lingua di questo dispositivo
settings-device-language-store = Lingua del negozio ({ $language })
settings-forget = Dimentica questo dispositivo
settings-forget-text = Disconnette questo dispositivo e ne cancella l'accesso. Per associarlo di nuovo servirà un nuovo codice da un altro dispositivo.
store-title = Negozio
store-every-terminal = Per tutte le casse di questo negozio.
store-language-title = Lingua
store-language = Lingua della cassa, anche su scontrini e report
store-tips = Mance
store-tips-enabled = Proponi la mancia prima del pagamento
store-tips-percentages = Percentuali di mancia
store-tips-custom = Il cliente può inserire un importo libero
store-tips-rounding = Arrotondamento della mancia in percentuale
store-day = Giornata lavorativa
store-zone = Fuso orario (quando inizia il giorno della chiusura cassa)
store-zone-device = Usa il fuso orario di questo dispositivo
store-country = Paese del negozio (per i numeri locali dei clienti)
store-pin = PIN del responsabile (necessario per salvare)
save = Salva
saved = Salvato ✓
tip-rounding-exact = Esatto (al centesimo)
tip-rounding-up_to_five_hundredths = Arrotonda per eccesso a 0,05
tip-rounding-up_to_whole = Arrotonda per eccesso all'unità

## Un pagamento: QR, importo, pagato

payment-not-found = Questo pagamento non esiste.
payment-loading = Caricamento del pagamento…
payment-unavailable = Pagamento non disponibile
new-charge = Nuovo incasso
receipt = Scontrino
payment-closed-received = { $price } · ricevuto { $received }
payment-price-updated = Prezzo aggiornato: importo e QR qui sotto sono nuovi.
payment-closed-expired = Questo pagamento è scaduto prima di essere pagato.
payment-closed-cancelled = Questo pagamento è stato annullato.
payment-closed-refunded = Questo pagamento è stato rimborsato.
payment-closed-rejected = Questo pagamento è stato rifiutato.
payment-closed-late = È arrivato denaro dopo la chiusura di questo pagamento.
payment-closed = Questo pagamento è chiuso.
late-title-expired = È arrivato denaro dopo la scadenza di questo pagamento
late-title-cancelled = È arrivato denaro dopo l'annullamento di questo pagamento
late-title-closed = È arrivato denaro dopo la chiusura di questo pagamento
late-decide = Tienilo come pagamento di questa vendita oppure rimborsalo al cliente.
kept-as-payment = Tenuto come pagamento
share-pay-text = Paga { $amount } per { $description }
payment-pending = Pagamento visto in rete — in attesa di conferme ({ $confirmations } finora).
price-with-tip = { $total } ({ $sale } + { $tip } di mancia)
qr-still-due = { $amount } ancora da pagare
qr-rest-of-price = il resto del prezzo
qr-label = Codice QR per pagare { $amount } { $asset }
fiat-lead-for = per
fiat-lead-still-due-of = ancora da pagare su
fiat-lead-of = su
due-partly-paid = Pagato in parte — invia il resto
due-amount = Importo da pagare
due-network = sulla rete { $network }
address = Indirizzo
copy = Copia
copied = Copiato ✓
destination-tag = Tag di destinazione / memo:
received = Ricevuto
still-missing = Mancano
paid-in-excess = Pagato in eccesso
paid-counter = Cassa
paid = Pagato
paid-overpaid = Pagato (in eccesso)
paid-thanks = Grazie!
paid-excess-back = L'eccedenza torna al cliente:
paid-excess = Il cliente ha inviato troppo:
paid-excess-shop-refunds = Il negozio può rimborsare l'eccedenza.
countdown-label = Prezzo valido per
countdown-expired = Il prezzo è scaduto
countdown-seconds =
    { $seconds ->
        [one] Ancora { $seconds } secondo a questo prezzo
       *[other] Ancora { $seconds } secondi a questo prezzo
    }
countdown-minutes =
    { $minutes ->
        [one] Ancora { $minutes } minuto a questo prezzo
       *[other] Ancora { $minutes } minuti a questo prezzo
    }
cancel-failed = Impossibile annullare: { $reason }
cancel-payment = Annulla pagamento
cancel-question = Annullare questo pagamento?
cancel-busy = Annullamento…
cancel-yes = Sì, annulla
cancel-keep-waiting = Continua ad attendere
share-receipt-title = Link dello scontrino
share-receipt = Invia scontrino
share-payment-title = Link di pagamento
share-payment = Condividi link
share-copied = Link copiato ✓
share-email = E-mail
keep-failed = Non tenuto: { $reason }
keep-payment = Tieni come pagamento
keep-question = Tenere questo importo come pagamento di questa vendita?
keep-busy = Registrazione…
keep-yes = Sì, tienilo
back = Indietro
tip-title = Lasciare una mancia?
tip-none = Nessuna mancia
tip-custom = Altro importo
tip-custom-label = Mancia ({ $currency })
simulate-title = Modalità test · Simula il pagamento del cliente
simulate-text = Solo dimostrazione: invia monete di prova da un portafoglio finto.
simulate-full = Paga tutto
simulate-half = Paga metà
simulate-over = Paga in eccesso ×1,5

## Stati del pagamento

state-awaiting = In attesa di pagamento
state-pending = Pagamento visto — in conferma
state-underpaid = Pagato in parte
state-paid = Pagato
state-overpaid = Pagato in eccesso
state-expired = Scaduto
state-cancelled = Annullato
state-refunded = Rimborsato
state-rejected = Rifiutato — la risposta del servizio di pagamento non corrispondeva
state-late = Denaro dopo la chiusura — rimborsa o accetta
state-short-awaiting = In attesa di pagamento
state-short-pending = In conferma
state-short-underpaid = Pagato in parte
state-short-paid = Pagato
state-short-overpaid = Pagato in eccesso
state-short-expired = Scaduto
state-short-cancelled = Annullato
state-short-refunded = Rimborsato
state-short-rejected = Rifiutato
state-short-late = Denaro in ritardo

## Associazione

pair-error-used = Questo codice di associazione è già stato usato. Su un dispositivo associato apri Impostazioni → Aggiungi dispositivo per averne uno nuovo.
pair-error-expired = Questo codice di associazione è scaduto. Su un dispositivo associato apri Impostazioni → Aggiungi dispositivo per averne uno nuovo.
pair-error-throttled-wait = Troppi tentativi di associazione da questa rete. Riprova tra { $wait }.
pair-error-throttled = Troppi tentativi di associazione da questa rete. Attendi un minuto e riprova.
pair-error-unknown = Questo codice di associazione non è riconosciuto. Confrontalo con l'altro schermo o chiedine uno nuovo.
pair-title = Associa questo dispositivo
pair-from-link = Controlla il codice, dai un nome a questo dispositivo e associalo.
pair-how = Su un dispositivo già associato apri Impostazioni → Aggiungi dispositivo. Inquadra il suo codice QR o digita qui il codice mostrato.
pair-code = Codice di associazione
pair-device-name = Nome di questo dispositivo
pair-device-name-hint = Compare in Impostazioni → Dispositivi, dove si può disconnettere.
pair-busy = Associazione…
pair-code-empty = Inserisci il codice di associazione mostrato sull'altro dispositivo.
pair-code-short = Un codice di associazione ha 8 lettere e cifre, come K7QF-2M9X.
pair-code-long = Un codice di associazione ha solo 8 lettere e cifre, come K7QF-2M9X.
pair-code-bad-char = «{ $char }» non compare nei codici di associazione: non usano mai 0, 1, I, L o O, solo lettere e cifre.
device-name-default = { $browser } su { $system }
pair-name-empty = Dai un nome a questo dispositivo, ad es. «Tablet cassa».
wait-minutes = { $minutes } min
wait-seconds = { $seconds } s

## Impostazioni: dispositivi e codici

devices-code-error-wait = { $reason } (riprova tra { $wait }).
devices-add = Aggiungi dispositivo
devices-add-text = Associa un altro telefono o tablet a questa cassa: riceve un codice monouso, valido pochi minuti.
devices-new-name = Nome del nuovo dispositivo (facoltativo)
devices-new-name-hint = es. Tablet cassa 2
devices-getting-code = Richiesta del codice…
done = Fatto
devices-qr-label = Link di associazione per un nuovo dispositivo
devices-step-scan = Sul nuovo dispositivo inquadra questo codice QR con la fotocamera oppure apri il link qui sotto.
devices-step-type = Oppure apri lì la pagina /pair di questa app e digita il codice.
devices-code-label = Codice di associazione { $code }
devices-code-expired = Questo codice è scaduto.
devices-new-code = Nuovo codice
devices-valid-for = Valido per
devices-works-once = monouso
devices-signed-out-notice = Questo dispositivo è stato disconnesso. Associalo di nuovo per incassare.
devices-unused-codes = Codici di associazione non usati
devices-title = Dispositivi
devices-text = Telefoni e tablet associati a questo negozio. Disconnetterne uno lo blocca subito; per associarlo di nuovo servirà un nuovo codice.
devices-loading = Caricamento dei dispositivi…
devices-made-on-device = creato su un dispositivo
devices-made-on-console = creato dalla console
devices-terminal = Cassa: { $terminal }
devices-valid-until = Valido fino a { $when }
devices-cancel-code = Annulla codice
devices-paired-seen = Associato { $paired } · ultimo accesso { $seen }
devices-paired-unused = Associato { $paired } · non ancora usato
devices-sign-out-self = Disconnettere questo dispositivo? Torna alla schermata di associazione.
devices-sign-out-other = Disconnettere «{ $name }» ({ $when })? Smette subito di funzionare.
devices-revoked = Disconnesso
devices-confirm-sign-out = Conferma disconnessione
devices-signing-out = Disconnessione…
devices-sign-out = Disconnetti
devices-keep = Mantieni
devices-sign-out-ask = Disconnetti…

## Scontrini (stampati nella lingua del negozio)

print = Stampa
receipt-amount = Importo
receipt-excess = In eccesso
receipt-share-text = Il tuo scontrino di { $shop }
receipt-share-text-no-shop = Il tuo scontrino del negozio
receipt-late-decide = rimborsa o accetta.
receipt-paid-with = Pagato con
receipt-rate = Cambio
receipt-state = Stato
receipt-code = Codice pagamento
receipt-updated = Aggiornato
refunds = Rimborsi
receipt-transactions = Transazione/i
receipt-not-yet = Per questo link non c'è ancora uno scontrino: il pagamento non è completo.
receipt-loading = Caricamento dello scontrino…
receipt-back-payment = Pagamento

## Storico

history-all = Tutti
history-empty = Ancora nessun pagamento.
history-filter = Filtra per stato
loading = Caricamento…
history-more = Carica altri

## Rimborsi

refund = Rimborsa
refund-offer-excess = Rimborsa l'eccedenza
refund-offer-received = Rimborsa quanto ricevuto
refund-retry = Riprova il rimborso
refund-type-full = Rimborso totale
refund-type-partial = Rimborso parziale
refund-type-underpaid = Rimborso di quanto ricevuto
refund-type-overpaid = Rimborso dell'eccedenza
refund-state-requested = Rimborso richiesto
refund-state-refunded = Rimborsato
refund-state-unknown = Rimborso inviato — esito in verifica
refund-state-failed = Rimborso non eseguito
refund-state-needs_attention = Rimborso da verificare — controlla con WCT Pay
refund-mark-attention = Rimborso da verificare
refund-mark-requested = Rimborso richiesto
refund-mark-refunded = Rimborsato { $amount }
refund-hold-mismatch = Per ora nessun nuovo rimborso: un rimborso precedente di questo pagamento non corrisponde a quanto riporta WCT Pay. Verifica il pagamento con WCT Pay prima di rimborsare di nuovo.
refund-hold-waiting = Per ora nessun nuovo rimborso: un rimborso precedente di questo pagamento attende ancora WCT Pay. Se ne potrà fare un altro quando risulterà rimborsato o non eseguito.
refund-not-made = Il rimborso non è stato eseguito: { $reason }
refund-kind = Tipo di rimborso
refund-summary = Ricevuto { $received } · rimborsabile fino a { $left }
refund-locked-store = Troppi PIN del responsabile errati: i rimborsi sono bloccati su tutti i dispositivi di questo negozio. Riprova tra { $wait }.
refund-locked-device = Troppi PIN del responsabile errati: i rimborsi sono bloccati su questo dispositivo. Riprova tra { $wait }.
refund-amount = Importo ({ $asset })
refund-contact = WCT Pay contatta il cliente per sapere come rimborsarlo: indica un'e-mail o un cellulare.
refund-email = E-mail del cliente
refund-mobile = Cellulare del cliente (+prefisso internazionale)
refund-remarks = Note (facoltative)
refund-pin = PIN del responsabile
refund-busy = Rimborso in corso…
refund-submit = Rimborsa { $amount }
close = Chiudi

## Chiusura cassa (la chiusura Z si stampa nella lingua del negozio)

reports-title = Chiusura cassa
reports-day = Giorno
reports-scope = Ambito
reports-this-terminal = Questa cassa
reports-whole-store = Tutto il negozio
reports-csv = Scarica CSV
reports-print = Stampa chiusura Z
reports-loading = Caricamento del report…
reports-save-failed = Impossibile salvare il file.
reports-empty = Nessun pagamento in questo giorno.
reports-note-excess = eccedenza { $amount }
reports-note-missing = mancano { $missing } · vendita { $sale }
reports-note-refunded = rimborsato { $amount }
reports-totals = Incassato: vendite pagate e pagate in eccesso, mance incluse, meno i rimborsi
reports-lines = Per stato (pagato in parte: quanto manca)
reports-assets = Per mezzo di pagamento: ogni moneta ricevuta, inclusi pagamenti parziali e denaro in ritardo (tenuto = ricevuto − rimborsato)
reports-col-currency = Valuta
reports-col-sales = Vendite
reports-col-taken = Incassato (mance incluse)
reports-col-tips = Di cui mance
reports-col-due = Da incassare (pagato in parte)
reports-col-state = Stato
reports-col-count = Numero
reports-col-asset = Mezzo
reports-col-kept = Tenuto
bucket-paid = Pagato
bucket-overpaid = Pagato in eccesso
bucket-underpaid = Pagato in parte
bucket-open = Ancora aperto
bucket-refunded = Rimborsato
bucket-late = Denaro in ritardo
bucket-received_on_closed = Ricevuto dopo scadenza/annullamento — rimborsare o tenere
bucket-kept = Tenuto come pagamento dopo la chiusura
bucket-cancelled_expired = Annullato / scaduto, nulla ricevuto
bucket-rejected = Rifiutato
z-report = Chiusura Z
z-underpaid = Pagato in parte × { $count } · da incassare
z-part-paid = finora pagato in parte (non in Incassato)
z-taken =
    { $count ->
        [one] Incassato ({ $count } vendita), mance incluse
       *[other] Incassato ({ $count } vendite), mance incluse
    }
z-tips = di cui mance
z-asset-received = { $asset } ricevuto (tutti gli stati)
z-asset-refunded = { $asset } rimborsato
z-asset-kept = { $asset } tenuto
z-printed = Stampato { $when }

## Modalità test

sandbox-notice-strong = PAGAMENTO DI PROVA
sandbox-notice-text = modalità test: l'indirizzo non è reale. Non inviare fondi veri.
test-mark = PROVA — modalità test, non sono soldi veri

grid-title = Prodotti
grid-categories = Categorie
grid-all = Tutti
grid-search = Cerca nome o codice a barre
grid-add = Aggiungi un { $name }
grid-none = Nessun prodotto corrisponde.
scan-added = { $name } aggiunto
scan-unknown = Codice a barre sconosciuto { $code }: nessun prodotto lo ha.
cart-item-discount = Sconto
cart-discount-hint = 10% o 2,00
cart-sale-discount = Sconto su tutta la vendita
cart-discount-total = Sconti:
cart-pin = PIN del responsabile (per questo sconto)
cart-pin-needed = Uno sconto così alto richiede il PIN del responsabile.
cart-qty-less = Articolo { $number }: uno in meno
cart-qty-more = Articolo { $number }: uno in più
cart-stale-notice = Il catalogo è cambiato da quando hai aggiunto questi articoli: controlla le righe segnate e incassa di nuovo.
cart-stale-price = { $name } ora costa { $new } { $currency } (prima { $old }).
cart-stale-tax = { $name } ora ha un’altra aliquota IVA.
cart-stale-gone = { $name } non è più in vendita.
cart-stale-remove = Non più in vendita: togli questa riga.
charge-cart-stale = Alcuni prezzi sono cambiati durante questa vendita. Non è stato incassato nulla: il carrello ha ora i prezzi attuali, controllalo e incassa di nuovo.
tax-rate = Aliquota
tax-discount = Sconto
tax-net = Imponibile
tax-tax = IVA
tax-gross = Lordo
tax-untaxed = Non imponibile

receipt-tax-id = P. IVA
receipt-number = Scontrino n.
receipt-supplied-at = Data dell’operazione
receipt-terminal = Cassa
receipt-discount = Sconto
receipt-sale-line = Vendita
receipt-discounts = Sconti
receipt-credit-note = Nota di credito { $number } per lo scontrino { $receipt }

reports-tax = IVA per aliquota
reports-col-receipts = Scontrini
reports-receipts = Numeri di scontrino e note di credito
reports-col-document = Documento
reports-first-receipt = Primo scontrino
reports-last-receipt = Ultimo scontrino

rules-tax = IVA
rules-rate = Aliquota { $number }
rules-rate-id = Codice (es. ordinaria)
rules-rate-id-head = Codice
rules-rate-name = Nome sullo scontrino
rules-rate-percent = Percentuale
rules-rate-remove = Togli l’aliquota { $number }
rules-rate-add = + Aliquota
rules-default-rate = Aliquota predefinita (importi liberi dal tastierino)
rules-exclusive = I prezzi sono al netto (l’imposta si aggiunge in cassa, come negli USA)
rules-tips-taxed = Le mance sono tassate (all’aliquota predefinita)
rules-currency = Valuta del negozio (prezzi dei prodotti)
rules-max-discount = Sconti oltre questa % della vendita: serve il PIN del responsabile
rules-receipt = Dati dello scontrino
rules-legal-name = Ragione sociale
rules-address = Indirizzo (una riga per riga)
rules-tax-id = Partita IVA
rules-footer = Testo a piè di scontrino (facoltativo)
rules-prefix = Prefisso del numero di scontrino (es. S-)
