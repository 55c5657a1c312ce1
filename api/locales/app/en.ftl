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
