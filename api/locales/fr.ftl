# The customer's payment page in French: the same messages and variables as en.ftl.

page-title = Paiement à { $shop }
page-payment-to = Paiement à
page-link-title = Lien de paiement
error-link-invalid = Ce lien de paiement n’est pas valide.
error-too-many = Trop de demandes depuis ce réseau. Patientez une minute, puis rechargez la page.
error-unavailable = Ce paiement ne peut pas être affiché pour le moment. Rechargez la page dans un instant.
sandbox-notice-strong = PAIEMENT DE TEST
sandbox-notice-text = bac à sable : l’adresse n’est pas réelle. N’envoyez pas de vrais fonds.
test-mark = TEST — bac à sable, pas d’argent réel
state-awaiting = En attente du paiement
state-pending = Paiement détecté — confirmation en cours
state-underpaid = Payé en partie
state-paid = Payé
state-overpaid = Trop-perçu
state-expired = Expiré
state-cancelled = Annulé
state-refunded = Remboursé
state-rejected = Non créé
state-late = Reçu après clôture
refunds-label = Remboursements
refund-type-full = Remboursement total
refund-type-partial = Remboursement partiel
refund-type-underpaid = Remboursement de votre envoi
refund-type-overpaid = Remboursement du trop-perçu
refund-state-requested = Demandé
refund-state-refunded = Remboursé
refund-state-unknown = En cours de vérification
refund-state-failed = Non effectué
refund-state-needs_attention = Le commerçant vérifie
balance-received = Reçu { $amount }
balance-still-missing = Reste à payer
balance-excess = Payé en trop { $amount }
qr-label = QR code pour payer { $amount }
qr-too-long = Ce paiement est trop long pour un QR code.
qr-fiat-still-due = ≈ { $amount } restant dû
qr-fiat-rest = le reste du prix
price-with-tip = { $total } ({ $sale } + { $tip } de pourboire)
countdown-label = Prix valable encore
countdown-expired = Le prix a expiré
countdown-seconds-left = { $seconds ->
    [one] Encore { $seconds } seconde à ce prix
   *[other] Encore { $seconds } secondes à ce prix
}
countdown-minutes-left = { $minutes ->
    [one] Encore { $minutes } minute à ce prix
   *[other] Encore { $minutes } minutes à ce prix
}
due-amount-to-pay = Montant à payer
due-partly-paid = Payé en partie — envoyez le reste
due-on-network = sur le réseau { $network }
fiat-for = pour { $price }
fiat-still-due-of = { $due } restant dû sur { $price }
fiat-of = sur { $price }
address = Adresse
copy = Copier
copied = Copié ✓
memo = Tag de destination / mémo :
scan-hint = Scannez le code avec votre application de portefeuille, ou copiez l’adresse et le montant.
paid = Payé
paid-overpaid = Payé (trop-perçu)
paid-received = Reçu { $amount }
paid-thanks = Merci !
paid-when = Payé le { $when }
paid-excess = Vous avez envoyé { $excess } de trop. Le commerçant peut vous rembourser la différence.
view-receipt = Voir le ticket
receipt-link = Lien du ticket
send-receipt = Envoyer le ticket
link-copied = Lien copié ✓
share-email = E-mail
receipt-share-text = Votre ticket de { $shop }
closed-expired = Ce paiement a expiré. Demandez-en un nouveau au commerçant.
closed-cancelled = Ce paiement a été annulé.
closed-rejected = Ce paiement n’a pas pu être créé. Demandez-en un nouveau au commerçant.
closed-late = Votre argent est arrivé après la clôture de ce paiement. Le commerçant le remboursera ou l’acceptera.
closed-refunded = Ce paiement a été remboursé.
offline = Vous êtes hors ligne. La page se mettra à jour au retour de la connexion.
language = Langue
language-change = Changer
