# The customer's payment page (/pay/{code}), in English: the reference every other language
# follows (same message ids, same variables). Words for a customer paying a shop.

page-title = Payment to { $shop }
page-payment-to = Payment to
page-link-title = Payment link
error-link-invalid = This payment link is not valid.
error-too-many = Too many requests from this network. Wait a minute, then reload this page.
error-unavailable = This payment cannot be shown right now. Reload the page in a moment.

sandbox-notice-strong = TEST PAYMENT
sandbox-notice-text = sandbox: the address is not real. Do not send real funds.
test-mark = TEST — sandbox, not real money

state-awaiting = Waiting for payment
state-pending = Payment seen — confirming
state-underpaid = Partly paid
state-paid = Paid
state-overpaid = Overpaid
state-expired = Expired
state-cancelled = Cancelled
state-refunded = Refunded
state-rejected = Not set up
state-late = Arrived after close

refunds-label = Refunds
refund-type-full = Full refund
refund-type-partial = Partial refund
refund-type-underpaid = Refund of what you sent
refund-type-overpaid = Refund of the excess
refund-state-requested = Requested
refund-state-refunded = Refunded
refund-state-unknown = Being checked
refund-state-failed = Not made
refund-state-needs_attention = The shop is checking it

balance-received = Received { $amount }
balance-still-missing = Still missing
balance-excess = Paid in excess { $amount }

qr-label = QR code to pay { $amount }
qr-too-long = This payment is too long for a QR code.
qr-fiat-still-due = ≈ { $amount } still due
qr-fiat-rest = the rest of the price
price-with-tip = { $total } ({ $sale } + { $tip } tip)
countdown-label = Price valid for
countdown-expired = The price has expired
countdown-seconds-left = { $seconds ->
    [one] { $seconds } second left at this price
   *[other] { $seconds } seconds left at this price
}
countdown-minutes-left = { $minutes ->
    [one] { $minutes } minute left at this price
   *[other] { $minutes } minutes left at this price
}

due-amount-to-pay = Amount to pay
due-partly-paid = Partly paid — send the rest
due-on-network = on the { $network } network
fiat-for = for { $price }
fiat-still-due-of = { $due } still due of { $price }
fiat-of = of { $price }
address = Address
copy = Copy
copied = Copied ✓
memo = Destination tag / memo:
scan-hint = Scan the code with your wallet app, or copy the address and amount.

paid = Paid
paid-overpaid = Paid (overpaid)
paid-received = Received { $amount }
paid-thanks = Thank you!
paid-when = Paid { $when }
paid-excess = You sent { $excess } too much. The shop can refund the excess.

view-receipt = View receipt
receipt-link = Receipt link
send-receipt = Send receipt
link-copied = Link copied ✓
share-email = E-mail
receipt-share-text = Your receipt from { $shop }

closed-expired = This payment has expired. Ask the shop for a new one.
closed-cancelled = This payment was cancelled.
closed-rejected = This payment could not be set up. Ask the shop for a new one.
closed-late = Your money arrived after this payment was closed. The shop will refund or accept it.
closed-refunded = This payment was refunded.

offline = You are offline. This page updates when the connection returns.
language = Language
language-change = Change
