# The till app (and the customer's receipt), in English: the reference every other language
# follows (same message ids, same variables; `wct_api::i18n`'s test checks). Words for a
# cashier at a counter. The customer's payment page has its own file, `../en.ftl`.

## Around every screen

offline-banner = You are offline. Payments cannot be created until the connection returns.
not-found-title = Page not found
not-found-text = There is nothing at this address.
not-found-go = Go to Charge
notice-unpaired = This device is no longer paired with a terminal. Pair it again to take payments.
sandbox-badge = Sandbox
nav-label = Main
nav-charge = Charge
nav-history = History
nav-reports = Reports
nav-settings = Settings
theme-system = Same as the device
theme-light = Light
theme-dark = Dark
more = More

## Errors: the server's codes in the app's words (the codes themselves stay English)

error-network = The server could not be reached. Check the connection and try again.
error-generic = Something went wrong on the server. Try again in a moment.
error-not-paired = This device is not paired.
error-code-validation = Some details are not right. Check the marked fields.
error-code-bad-request = The server could not read this request. Reload the page and try again.
error-code-unauthorized = This device is not allowed to do that.
error-code-not-found = This was not found. It may have been removed.
error-code-conflict = This was changed in the meantime. Reload and try again.
error-code-too-large = This is too large to send.
error-code-rate-limited = Too many tries at once. Wait a moment, then try again.
error-code-upstream-rejected = WCT Pay refused this.
error-code-upstream-unavailable = WCT Pay cannot be reached right now. Try again in a moment.
error-code-upstream-timeout = WCT Pay took too long to answer. Try again.
error-code-upstream-invalid = WCT Pay's answer could not be read.
error-code-upstream-unknown = We could not confirm whether WCT Pay did this. Check again: it will never happen twice.
error-code-upstream-mismatch = WCT Pay's answer did not match the sale, so it was refused.
error-code-pairing-expired = This pairing code has expired. Ask for a new one on another device.
error-code-pairing-used = This pairing code has already been used. Ask for a new one.
error-code-device-limit = This terminal already has as many devices as it may have. Sign one out first.
error-code-pin-wrong = Wrong manager PIN.
error-code-refunds-locked = Too many wrong PINs: refunds are locked for a while.
error-code-refund-on-hold = An earlier refund of this payment is still open. Wait until it is settled.
error-code-payment-has-money = This payment has money in it, so it cannot be cancelled.
error-code-refunds-not-configured = Refunds are not set up on this server (no manager PIN).
error-code-cart-stale = Some items in the cart changed price or are no longer sold. Check the cart and charge again.
error-code-discount-needs-pin = A discount this large needs the manager PIN.

## Charge: the keypad

charge-title = Charge
charge-loading = Loading the terminal…
charge-reference-used = This reference was already used for another payment; change it.
charge-outcome-unknown = We could not confirm whether WCT Pay created this payment. Check again: it will never be created twice.
charge-mismatch = { $reason }. Nothing was shown to the customer; you can charge again.
charge-not-accepted = WCT Pay did not accept the payment: { $reason }
charge-tip-unreadable = Enter the tip as an amount, like 2.50, or choose No tip.
charge-tip-does-not-fit = The tip does not fit this sale: choose another.
charge-why-offline = Offline: a charge needs the connection. It comes back on its own.
charge-why-zero = Enter an amount (or add items) to charge.
charge-why-fix = Fix the fields marked above to charge.
charge-checking = Checking whether the payment was created…
charge-creating = Creating…
charge-button = Charge
charge-button-amount = Charge { $amount } { $currency }
charge-description = Description (optional)
charge-reference = Reference
charge-tip-note = Tips are on: after Charge, hand the screen to the customer to choose theirs.
charge-check-again = Check again
charge-in = Charge in
settlement-network = Settlement network
pay-with = Customer pays with
pay-with-on-network = { $asset } on { $network }
network = Network
network-choose = Choose network
amount = Amount
amount-from-cart = The amount is the cart's total.
keypad = Amount keypad
keypad-point = Decimal point
keypad-back = Delete last digit
keypad-clear = Clear
tip-continue = Continue · { $amount } { $currency }
tip-back = Back to the cashier
cart-title = Cart
cart-empty = Add items (optional)
cart-count =
    { $count ->
        [one] { $count } item
       *[other] { $count } items
    }
cart-add = + Add item
cart-total = Total
cart-item = Item { $number }
cart-item-name = Item name
cart-item-description = Description
cart-item-quantity = Qty
cart-item-price = Unit price
cart-item-remove = Remove item { $number }
customer-title = Customer details
customer-optional = optional
field-personal_fname = First name
field-personal_lname = Last name
field-personal_address = Street address
field-personal_city = City
field-personal_state = State / region
field-personal_country = Country
field-personal_postcode = Postcode
field-personal_mobile = Mobile
field-personal_dob = Date of birth
field-personal_country-hint = e.g. GB
field-personal_mobile-hint = e.g. 07700 900123

## Settings

settings-title = Settings
settings-terminal = Terminal
settings-shop = Shop: { $shop }
settings-this-device = This device
settings-sound = Sound when a payment arrives
settings-theme = Theme
settings-device-language = Language of this device
settings-device-language-store = The store's language ({ $language })
settings-forget = Forget this device
settings-forget-text = Signs this device out and removes its token. Pairing it again needs a new code from another device.
store-title = Store
store-every-terminal = For every terminal of this shop.
store-language-title = Language
store-language = The till's language, on receipts and reports too
store-tips = Tips
store-tips-enabled = Offer tips before the payment
store-tips-percentages = Tip percentages
store-tips-custom = Let the customer enter any amount
store-tips-rounding = Rounding of a percentage tip
store-day = Business day
store-zone = Time zone (when the end-of-day report's day starts)
store-zone-device = Use this device's time zone
store-country = Shop's country (for customers' local phone numbers)
store-pin = Manager PIN (needed to save)
save = Save
saved = Saved ✓
tip-rounding-exact = Exact (to the cent)
tip-rounding-up_to_five_hundredths = Round up to 0.05
tip-rounding-up_to_whole = Round up to a whole unit

## A payment: the QR, the amount, paid

payment-not-found = This payment does not exist.
payment-loading = Loading the payment…
payment-unavailable = Payment unavailable
new-charge = New charge
receipt = Receipt
payment-closed-received = { $price } · received { $received }
payment-price-updated = Price updated — the amount and QR below are new.
payment-closed-expired = This payment expired before it was paid.
payment-closed-cancelled = This payment was cancelled.
payment-closed-refunded = This payment was refunded.
payment-closed-rejected = This payment was refused.
payment-closed-late = Money came in after this payment closed.
payment-closed = This payment is closed.
late-title-expired = Money arrived after this payment was expired
late-title-cancelled = Money arrived after this payment was cancelled
late-title-closed = Money arrived after this payment was closed
late-decide = Keep it as payment for this sale, or refund it to the customer.
kept-as-payment = Kept as payment
share-pay-text = Pay { $amount } for { $description }
payment-pending = Payment seen on the network — waiting for confirmations ({ $confirmations } so far).
price-with-tip = { $total } ({ $sale } + { $tip } tip)
qr-still-due = { $amount } still due
qr-rest-of-price = the rest of the price
qr-label = QR code to pay { $amount } { $asset }
fiat-lead-for = for
fiat-lead-still-due-of = still due of
fiat-lead-of = of
due-partly-paid = Partly paid — send the rest
due-amount = Amount to pay
due-network = on the { $network } network
address = Address
copy = Copy
copied = Copied ✓
destination-tag = Destination tag / memo:
received = Received
still-missing = Still missing
paid-in-excess = Paid in excess
paid-counter = Counter
paid = Paid
paid-overpaid = Paid (overpaid)
paid-thanks = Thank you!
paid-excess-back = The excess is going back to the customer:
paid-excess = The customer sent too much:
paid-excess-shop-refunds = The shop can refund the excess.
countdown-label = Price valid for
countdown-expired = The price has expired
countdown-seconds =
    { $seconds ->
        [one] { $seconds } second left at this price
       *[other] { $seconds } seconds left at this price
    }
countdown-minutes =
    { $minutes ->
        [one] { $minutes } minute left at this price
       *[other] { $minutes } minutes left at this price
    }
cancel-failed = Could not cancel: { $reason }
cancel-payment = Cancel payment
cancel-question = Cancel this payment?
cancel-busy = Cancelling…
cancel-yes = Yes, cancel
cancel-keep-waiting = Keep waiting
share-receipt-title = Receipt link
share-receipt = Send receipt
share-payment-title = Payment link
share-payment = Share link
share-copied = Link copied ✓
share-email = E-mail
keep-failed = Not kept: { $reason }
keep-payment = Keep as payment
keep-question = Keep this as payment for this sale?
keep-busy = Keeping…
keep-yes = Yes, keep it
back = Back
tip-title = Add a tip?
tip-none = No tip
tip-custom = Custom
tip-custom-label = Tip ({ $currency })
simulate-title = Sandbox · Simulate customer payment
simulate-text = Demo only: sends test coins from a pretend wallet.
simulate-full = Pay in full
simulate-half = Pay half
simulate-over = Overpay ×1.5

## Payment states

state-awaiting = Waiting for payment
state-pending = Payment seen — confirming
state-underpaid = Underpaid
state-paid = Paid
state-overpaid = Overpaid
state-expired = Expired
state-cancelled = Cancelled
state-refunded = Refunded
state-rejected = Refused — the payment service's answer did not match
state-late = Money after close — refund or accept
state-short-awaiting = Waiting for payment
state-short-pending = Confirming
state-short-underpaid = Underpaid
state-short-paid = Paid
state-short-overpaid = Overpaid
state-short-expired = Expired
state-short-cancelled = Cancelled
state-short-refunded = Refunded
state-short-rejected = Refused
state-short-late = Late money

## Pairing

pair-error-used = This pairing code has already been used. On a paired device, open Settings → Add a device for a new one.
pair-error-expired = This pairing code has expired. On a paired device, open Settings → Add a device for a new one.
pair-error-throttled-wait = Too many pairing attempts from this network. Try again in { $wait }.
pair-error-throttled = Too many pairing attempts from this network. Wait a minute and try again.
pair-error-unknown = This pairing code is not known. Check it against the other screen, or ask for a new one.
pair-title = Pair this device
pair-from-link = Check the code and give this device a name, then pair it.
pair-how = On a device that is already paired, open Settings → Add a device. Scan its QR code, or type the code it shows here.
pair-code = Pairing code
pair-device-name = Name of this device
pair-device-name-hint = Shown under Settings → Devices, where it can be signed out.
pair-busy = Pairing…
pair-code-empty = Enter the pairing code shown on the other device.
pair-code-short = A pairing code has 8 letters and digits, like K7QF-2M9X.
pair-code-long = A pairing code has only 8 letters and digits, like K7QF-2M9X.
pair-code-bad-char = “{ $char }” is not in pairing codes: they never use 0, 1, I, L or O, only letters and digits.
device-name-default = { $browser } on { $system }
pair-name-empty = Give this device a name, e.g. “Counter tablet”.
wait-minutes = { $minutes } min
wait-seconds = { $seconds } s

## Settings: devices and pairing codes

devices-code-error-wait = { $reason } (try again in { $wait }).
devices-add = Add a device
devices-add-text = Pair another phone or tablet with this terminal: it gets a one-time code, valid for a few minutes.
devices-new-name = Name of the new device (optional)
devices-new-name-hint = e.g. Counter tablet 2
devices-getting-code = Getting a code…
done = Done
devices-qr-label = Pairing link for a new device
devices-step-scan = On the new device, scan this QR code with the camera, or open the link below.
devices-step-type = Or open this app's /pair page there and type the code.
devices-code-label = Pairing code { $code }
devices-code-expired = This code has expired.
devices-new-code = New code
devices-valid-for = Valid for
devices-works-once = works once
devices-signed-out-notice = This device was signed out. Pair it again to take payments.
devices-unused-codes = Unused pairing codes
devices-title = Devices
devices-text = Phones and tablets paired with this shop. Signing one out stops it at once; it needs a new code to pair again.
devices-loading = Loading devices…
devices-made-on-device = made on a device
devices-made-on-console = made on the console
devices-terminal = Terminal: { $terminal }
devices-valid-until = Valid until { $when }
devices-cancel-code = Cancel code
devices-paired-seen = Paired { $paired } · last seen { $seen }
devices-paired-unused = Paired { $paired } · not used yet
devices-sign-out-self = Sign out this device? It goes back to the pairing screen.
devices-sign-out-other = Sign out “{ $name }” ({ $when })? It stops working at once.
devices-revoked = Signed out
devices-confirm-sign-out = Confirm sign out
devices-signing-out = Signing out…
devices-sign-out = Sign out
devices-keep = Keep
devices-sign-out-ask = Sign out…

## Receipts (printed in the store's language)

print = Print
receipt-amount = Amount
receipt-excess = In excess
receipt-share-text = Your receipt from { $shop }
receipt-share-text-no-shop = Your receipt from the shop
receipt-late-decide = refund or accept.
receipt-paid-with = Paid with
receipt-rate = Rate
receipt-state = State
receipt-code = Payment code
receipt-updated = Updated
refunds = Refunds
receipt-transactions = Transaction(s)
receipt-not-yet = There is no receipt for this link yet: the payment is not complete.
receipt-loading = Loading the receipt…
receipt-back-payment = Payment

## History

history-all = All
history-empty = No payments yet.
history-filter = Filter by state
loading = Loading…
history-more = Load more

## Refunds

refund = Refund
refund-offer-excess = Refund the excess
refund-offer-received = Refund what was received
refund-retry = Try the refund again
refund-type-full = Full refund
refund-type-partial = Partial refund
refund-type-underpaid = Refund of what was received
refund-type-overpaid = Refund of the excess
refund-state-requested = Refund requested
refund-state-refunded = Refunded
refund-state-unknown = Refund sent — outcome being checked
refund-state-failed = Refund not made
refund-state-needs_attention = Refund needs attention — check with WCT Pay
refund-mark-attention = Refund needs attention
refund-mark-requested = Refund requested
refund-mark-refunded = Refunded { $amount }
refund-hold-mismatch = No new refund for now: an earlier refund of this payment does not match what WCT Pay reports. Check the payment with WCT Pay before refunding again.
refund-hold-waiting = No new refund for now: an earlier refund of this payment is still waiting for WCT Pay. A new refund can be made once it shows as refunded or not made.
refund-not-made = The refund was not made: { $reason }
refund-kind = Kind of refund
refund-summary = Received { $received } · up to { $left } can be refunded
refund-locked-store = Too many wrong manager PINs: refunds are locked on every device of this store. Try again in { $wait }.
refund-locked-device = Too many wrong manager PINs: refunds are locked on this device. Try again in { $wait }.
refund-amount = Amount ({ $asset })
refund-contact = WCT Pay contacts the customer to ask how to refund them: give an e-mail or a mobile number.
refund-email = Customer e-mail
refund-mobile = Customer mobile (+country code)
refund-remarks = Remarks (optional)
refund-pin = Manager PIN
refund-busy = Refunding…
refund-submit = Refund { $amount }
close = Close

## End of day (the Z-report is printed in the store's language)

reports-title = End of day
reports-day = Day
reports-scope = Scope
reports-this-terminal = This terminal
reports-whole-store = Whole store
reports-csv = Download CSV
reports-print = Print Z-report
reports-loading = Loading the report…
reports-save-failed = The file could not be saved.
reports-empty = No payments on this day.
reports-note-excess = excess { $amount }
reports-note-missing = missing { $missing } · sale { $sale }
reports-note-refunded = refunded { $amount }
reports-totals = Taken: paid and overpaid sales, incl. tips, less refunds
reports-lines = By state (underpaid: what is still due)
reports-assets = By pay asset: every coin received, part payments and late money included (kept = received − refunded)
reports-col-currency = Currency
reports-col-sales = Sales
reports-col-taken = Taken (incl. tips)
reports-col-tips = Of which tips
reports-col-due = Still due (underpaid)
reports-col-state = State
reports-col-count = Count
reports-col-asset = Asset
reports-col-kept = Kept
bucket-paid = Paid
bucket-overpaid = Overpaid
bucket-underpaid = Underpaid (part paid)
bucket-open = Still open
bucket-refunded = Refunded
bucket-late = Late money
bucket-received_on_closed = Received on expired/cancelled — to refund or keep
bucket-kept = Kept as payment after it closed
bucket-cancelled_expired = Cancelled / expired, nothing received
bucket-rejected = Rejected
z-report = Z-report
z-underpaid = Underpaid × { $count } · still due
z-part-paid = part paid so far (not in Taken)
z-taken = Taken ({ $count }), incl. tips
z-tips = of which tips
z-asset-received = { $asset } received (all states)
z-asset-refunded = { $asset } refunded
z-asset-kept = { $asset } kept
z-printed = Printed { $when }

## Sandbox

sandbox-notice-strong = TEST PAYMENT
sandbox-notice-text = sandbox: the address is not real. Do not send real funds.
test-mark = TEST — sandbox, not real money

grid-title = Products
grid-categories = Categories
grid-all = All
grid-search = Search name or barcode
grid-add = Add one { $name }
grid-none = No product matches.
scan-added = Added { $name }
scan-unknown = Unknown barcode { $code }: no product has it.
cart-item-discount = Discount
cart-discount-hint = 10% or 2.00
cart-sale-discount = Discount on the whole sale
cart-discount-total = Discounts:
cart-pin = Manager PIN (for this discount)
cart-pin-needed = A discount this big needs the manager PIN.
cart-qty-less = One less of item { $number }
cart-qty-more = One more of item { $number }
cart-stale-notice = The catalogue changed since these items were added: check the marked lines, then charge again.
cart-stale-price = { $name } now costs { $new } { $currency } (was { $old }).
cart-stale-tax = { $name } is now taxed at another rate.
cart-stale-gone = { $name } is no longer sold.
cart-stale-remove = No longer sold: remove this line.
charge-cart-stale = Prices changed while this sale was open. Nothing was charged: the cart now has today’s prices, check it and charge again.
tax-rate = Rate
tax-discount = Discount
tax-net = Net
tax-tax = Tax
tax-gross = Gross
tax-untaxed = Untaxed

receipt-tax-id = VAT ID
receipt-number = Receipt no.
receipt-supplied-at = Time of supply
receipt-terminal = Till
receipt-discount = Discount
receipt-sale-line = Sale
receipt-discounts = Discounts
receipt-credit-note = Credit note { $number } for receipt { $receipt }

reports-tax = Tax by rate
reports-col-receipts = Receipts
reports-receipts = Receipt numbers and credit notes
reports-col-document = Document
reports-first-receipt = First receipt
reports-last-receipt = Last receipt

rules-tax = Tax
rules-rate = Tax rate { $number }
rules-rate-id = Code (e.g. standard)
rules-rate-id-head = Code
rules-rate-name = Name on the receipt
rules-rate-percent = Percent
rules-rate-remove = Remove tax rate { $number }
rules-rate-add = + Tax rate
rules-default-rate = Default rate (custom amounts on the keypad)
rules-exclusive = Prices are before tax (tax added at the till, as in the US)
rules-tips-taxed = Tips are taxed (at the default rate)
rules-currency = Store currency (product prices)
rules-max-discount = Discounts above this % of a sale need the manager PIN
rules-receipt = Receipt details
rules-legal-name = Legal name of the business
rules-address = Address (one line per line)
rules-tax-id = VAT / tax ID
rules-footer = Footer text (optional)
rules-prefix = Receipt number prefix (e.g. R-)
