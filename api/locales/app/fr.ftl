# L'application de caisse en français (mêmes identifiants et variables que en.ftl).

## Sur chaque écran

offline-banner = Hors ligne. Impossible de créer un paiement avant le retour de la connexion.
not-found-title = Page introuvable
not-found-text = Il n'y a rien à cette adresse.
not-found-go = Aller à l'encaissement
notice-unpaired = Cet appareil n'est plus associé à une caisse. Associez-le de nouveau pour encaisser.
sandbox-badge = Mode test
nav-label = Menu principal
nav-charge = Encaisser
nav-history = Historique
nav-reports = Rapports
nav-settings = Réglages
theme-system = Comme l'appareil
theme-light = Clair
theme-dark = Sombre
more = Détails

## Erreurs

error-network = Le serveur est injoignable. Vérifiez la connexion et réessayez.
error-generic = Un problème est survenu sur le serveur. Réessayez dans un instant.
error-not-paired = Cet appareil n'est pas associé.
error-code-validation = Certaines informations sont incorrectes. Vérifiez les champs signalés.
error-code-bad-request = Le serveur n'a pas pu lire la demande. Rechargez la page et réessayez.
error-code-unauthorized = Cet appareil n'a pas le droit de faire cela.
error-code-not-found = Introuvable. L'élément a peut-être été supprimé.
error-code-conflict = Cela a été modifié entre-temps. Rechargez et réessayez.
error-code-too-large = C'est trop volumineux pour être envoyé.
error-code-rate-limited = Trop de tentatives à la fois. Patientez un instant, puis réessayez.
error-code-upstream-rejected = WCT Pay a refusé.
error-code-upstream-unavailable = WCT Pay est injoignable pour le moment. Réessayez dans un instant.
error-code-upstream-timeout = WCT Pay a mis trop de temps à répondre. Réessayez.
error-code-upstream-invalid = La réponse de WCT Pay est illisible.
error-code-upstream-unknown = Impossible de confirmer si WCT Pay a effectué l'opération. Vérifiez de nouveau : elle ne sera jamais faite deux fois.
error-code-upstream-mismatch = La réponse de WCT Pay ne correspondait pas à la vente : elle a été refusée.
error-code-pairing-expired = Ce code d'association a expiré. Demandez-en un nouveau sur un autre appareil.
error-code-pairing-used = Ce code d'association a déjà servi. Demandez-en un nouveau.
error-code-device-limit = Cette caisse a déjà le nombre maximal d'appareils. Déconnectez-en un d'abord.
error-code-pin-wrong = Code PIN responsable incorrect.
error-code-refunds-locked = Trop de codes PIN erronés : les remboursements sont bloqués pour un moment.
error-code-refund-on-hold = Un remboursement précédent de ce paiement est encore en cours. Attendez qu'il soit réglé.
error-code-payment-has-money = Ce paiement a déjà reçu de l'argent : il ne peut pas être annulé.
error-code-refunds-not-configured = Les remboursements ne sont pas configurés sur ce serveur (pas de code PIN responsable).
error-code-cart-stale = Certains articles du panier ont changé de prix ou ne sont plus vendus. Vérifiez le panier et encaissez à nouveau.
error-code-discount-needs-pin = Une remise aussi importante nécessite le code PIN du responsable.

## Encaisser : le pavé numérique

charge-title = Encaisser
charge-loading = Chargement de la caisse…
charge-reference-used = Cette référence a déjà servi pour un autre paiement ; modifiez-la.
charge-outcome-unknown = Impossible de confirmer si WCT Pay a créé ce paiement. Vérifiez de nouveau : il ne sera jamais créé deux fois.
charge-mismatch = { $reason }. Rien n'a été montré au client ; vous pouvez encaisser de nouveau.
charge-not-accepted = WCT Pay n'a pas accepté le paiement : { $reason }
charge-tip-unreadable = Saisissez le pourboire sous forme de montant, par ex. 2,50, ou choisissez « Sans pourboire ».
charge-tip-does-not-fit = Ce pourboire ne convient pas à cette vente : choisissez-en un autre.
charge-why-offline = Hors ligne : l'encaissement a besoin de la connexion. Elle reviendra d'elle-même.
charge-why-zero = Saisissez un montant (ou ajoutez des articles) pour encaisser.
charge-why-fix = Corrigez les champs signalés ci-dessus pour encaisser.
charge-checking = Vérification de la création du paiement…
charge-creating = Création…
charge-button = Encaisser
charge-button-amount = Encaisser { $amount } { $currency }
charge-description = Description (facultatif)
charge-reference = Référence
charge-tip-note = Pourboires activés : après « Encaisser », tendez l'écran au client pour qu'il choisisse le sien.
charge-check-again = Vérifier de nouveau
charge-in = Encaisser en
settlement-network = Réseau de règlement
pay-with = Le client paie en
pay-with-on-network = { $asset } sur le réseau { $network }
network = Réseau
network-choose = Choisir le réseau
amount = Montant
amount-from-cart = Le montant est le total du panier.
keypad = Pavé de saisie du montant
keypad-point = Virgule décimale
keypad-back = Effacer le dernier chiffre
keypad-clear = Effacer
tip-continue = Continuer · { $amount } { $currency }
tip-back = Rendre à la caisse
cart-title = Panier
cart-empty = Ajouter des articles (facultatif)
cart-count =
    { $count ->
        [one] { $count } article
       *[other] { $count } articles
    }
cart-add = + Ajouter un article
cart-total = Total
cart-item = Article { $number }
cart-item-name = Nom de l'article
cart-item-description = Description
cart-item-quantity = Qté
cart-item-price = Prix unitaire
cart-item-remove = Retirer l'article { $number }
customer-title = Coordonnées du client
customer-optional = facultatif
field-personal_fname = Prénom
field-personal_lname = Nom
field-personal_address = Adresse
field-personal_city = Ville
field-personal_state = Région
field-personal_country = Pays
field-personal_postcode = Code postal
field-personal_mobile = Portable
field-personal_dob = Date de naissance
field-personal_country-hint = par ex. FR
field-personal_mobile-hint = par ex. 06 12 34 56 78

## Réglages

settings-title = Réglages
settings-terminal = Caisse
settings-shop = Boutique : { $shop }
settings-this-device = Cet appareil
settings-sound = Son à l'arrivée d'un paiement
settings-theme = Thème
settings-device-language = Langue de cet appareil
settings-device-language-store = Langue de la boutique ({ $language })
settings-forget = Oublier cet appareil
settings-forget-text = Déconnecte cet appareil et supprime son jeton. Pour l'associer de nouveau, il faudra un nouveau code depuis un autre appareil.
store-title = Boutique
store-every-terminal = Pour toutes les caisses de cette boutique.
store-language-title = Langue
store-language = Langue de la caisse, y compris tickets et rapports
store-tips = Pourboires
store-tips-enabled = Proposer un pourboire avant le paiement
store-tips-percentages = Pourcentages de pourboire
store-tips-custom = Laisser le client saisir un montant libre
store-tips-rounding = Arrondi d'un pourboire en pourcentage
store-day = Journée de vente
store-zone = Fuseau horaire (début de la journée du rapport de clôture)
store-zone-device = Utiliser le fuseau de cet appareil
store-country = Pays de la boutique (pour les numéros locaux des clients)
store-pin = Code PIN responsable (requis pour enregistrer)
save = Enregistrer
saved = Enregistré ✓
tip-rounding-exact = Exact (au centime près)
tip-rounding-up_to_five_hundredths = Arrondir à 0,05 au-dessus
tip-rounding-up_to_whole = Arrondir à l'unité au-dessus

## Un paiement : QR code, montant, payé

payment-not-found = Ce paiement n'existe pas.
payment-loading = Chargement du paiement…
payment-unavailable = Paiement indisponible
new-charge = Nouvelle vente
receipt = Ticket
payment-closed-received = { $price } · reçu { $received }
payment-price-updated = Prix actualisé — le montant et le QR code ci-dessous sont nouveaux.
payment-closed-expired = Ce paiement a expiré avant d'être réglé.
payment-closed-cancelled = Ce paiement a été annulé.
payment-closed-refunded = Ce paiement a été remboursé.
payment-closed-rejected = Ce paiement a été refusé.
payment-closed-late = De l'argent est arrivé après la clôture de ce paiement.
payment-closed = Ce paiement est clos.
late-title-expired = De l'argent est arrivé après l'expiration de ce paiement
late-title-cancelled = De l'argent est arrivé après l'annulation de ce paiement
late-title-closed = De l'argent est arrivé après la clôture de ce paiement
late-decide = Gardez-le comme paiement de cette vente, ou remboursez le client.
kept-as-payment = Gardé comme paiement
share-pay-text = Payer { $amount } pour { $description }
payment-pending = Paiement vu sur le réseau — en attente de confirmations ({ $confirmations } pour l'instant).
price-with-tip = { $total } ({ $sale } + { $tip } de pourboire)
qr-still-due = { $amount } restant dû
qr-rest-of-price = le reste du prix
qr-label = QR code pour payer { $amount } { $asset }
fiat-lead-for = pour
fiat-lead-still-due-of = restant dû sur
fiat-lead-of = sur
due-partly-paid = Payé en partie — envoyez le reste
due-amount = Montant à payer
due-network = sur le réseau { $network }
address = Adresse
copy = Copier
copied = Copié ✓
destination-tag = Tag de destination / mémo :
received = Reçu
still-missing = Il manque
paid-in-excess = Payé en trop
paid-counter = Caisse
paid = Payé
paid-overpaid = Payé (trop-perçu)
paid-thanks = Merci !
paid-excess-back = Le trop-perçu est reversé au client :
paid-excess = Le client a envoyé trop :
paid-excess-shop-refunds = La boutique peut rembourser le trop-perçu.
countdown-label = Prix valable encore
countdown-expired = Le prix a expiré
countdown-seconds =
    { $seconds ->
        [one] Plus que { $seconds } seconde à ce prix
       *[other] Plus que { $seconds } secondes à ce prix
    }
countdown-minutes =
    { $minutes ->
        [one] Plus que { $minutes } minute à ce prix
       *[other] Plus que { $minutes } minutes à ce prix
    }
cancel-failed = Annulation impossible : { $reason }
cancel-payment = Annuler le paiement
cancel-question = Annuler ce paiement ?
cancel-busy = Annulation…
cancel-yes = Oui, annuler
cancel-keep-waiting = Continuer d'attendre
share-receipt-title = Lien du ticket
share-receipt = Envoyer le ticket
share-payment-title = Lien de paiement
share-payment = Partager le lien
share-copied = Lien copié ✓
share-email = E-mail
keep-failed = Non conservé : { $reason }
keep-payment = Garder comme paiement
keep-question = Garder ce montant comme paiement de cette vente ?
keep-busy = Enregistrement…
keep-yes = Oui, le garder
back = Retour
tip-title = Un pourboire ?
tip-none = Sans pourboire
tip-custom = Autre montant
tip-custom-label = Pourboire ({ $currency })
simulate-title = Mode test · Simuler le paiement du client
simulate-text = Démo uniquement : envoie des jetons de test depuis un faux portefeuille.
simulate-full = Payer en entier
simulate-half = Payer la moitié
simulate-over = Payer trop ×1,5

## États des paiements

state-awaiting = En attente de paiement
state-pending = Paiement vu — confirmation en cours
state-underpaid = Payé en partie
state-paid = Payé
state-overpaid = Trop-perçu
state-expired = Expiré
state-cancelled = Annulé
state-refunded = Remboursé
state-rejected = Refusé — la réponse du service de paiement ne correspondait pas
state-late = Argent après clôture — rembourser ou accepter
state-short-awaiting = En attente de paiement
state-short-pending = Confirmation
state-short-underpaid = Payé en partie
state-short-paid = Payé
state-short-overpaid = Trop-perçu
state-short-expired = Expiré
state-short-cancelled = Annulé
state-short-refunded = Remboursé
state-short-rejected = Refusé
state-short-late = Argent en retard

## Association

pair-error-used = Ce code d'association a déjà servi. Sur un appareil associé, ouvrez Réglages → Ajouter un appareil pour en obtenir un nouveau.
pair-error-expired = Ce code d'association a expiré. Sur un appareil associé, ouvrez Réglages → Ajouter un appareil pour en obtenir un nouveau.
pair-error-throttled-wait = Trop de tentatives d'association depuis ce réseau. Réessayez dans { $wait }.
pair-error-throttled = Trop de tentatives d'association depuis ce réseau. Patientez une minute et réessayez.
pair-error-unknown = Ce code d'association est inconnu. Comparez-le à l'autre écran ou demandez-en un nouveau.
pair-title = Associer cet appareil
pair-from-link = Vérifiez le code, donnez un nom à cet appareil, puis associez-le.
pair-how = Sur un appareil déjà associé, ouvrez Réglages → Ajouter un appareil. Scannez son QR code ou saisissez ici le code affiché.
pair-code = Code d'association
pair-device-name = Nom de cet appareil
pair-device-name-hint = Affiché dans Réglages → Appareils, où il peut être déconnecté.
pair-busy = Association…
pair-code-empty = Saisissez le code d'association affiché sur l'autre appareil.
pair-code-short = Un code d'association compte 8 lettres et chiffres, par ex. K7QF-2M9X.
pair-code-long = Un code d'association ne compte que 8 lettres et chiffres, par ex. K7QF-2M9X.
pair-code-bad-char = « { $char } » n'existe pas dans les codes d'association : ils n'utilisent jamais 0, 1, I, L ni O, seulement des lettres et des chiffres.
device-name-default = { $browser } sur { $system }
pair-name-empty = Donnez un nom à cet appareil, par ex. « Tablette caisse ».
wait-minutes = { $minutes } min
wait-seconds = { $seconds } s

## Réglages : appareils et codes d'association

devices-code-error-wait = { $reason } (réessayez dans { $wait }).
devices-add = Ajouter un appareil
devices-add-text = Associez un autre téléphone ou une autre tablette à cette caisse : il reçoit un code à usage unique, valable quelques minutes.
devices-new-name = Nom du nouvel appareil (facultatif)
devices-new-name-hint = p. ex. Tablette caisse 2
devices-getting-code = Obtention d'un code…
done = Terminé
devices-qr-label = Lien d'association pour un nouvel appareil
devices-step-scan = Sur le nouvel appareil, scannez ce QR code avec l'appareil photo, ou ouvrez le lien ci-dessous.
devices-step-type = Ou ouvrez-y la page /pair de cette application et saisissez le code.
devices-code-label = Code d'association { $code }
devices-code-expired = Ce code a expiré.
devices-new-code = Nouveau code
devices-valid-for = Valable encore
devices-works-once = à usage unique
devices-signed-out-notice = Cet appareil a été déconnecté. Associez-le de nouveau pour encaisser.
devices-unused-codes = Codes d'association inutilisés
devices-title = Appareils
devices-text = Téléphones et tablettes associés à cette boutique. Un appareil déconnecté s'arrête aussitôt ; il lui faut un nouveau code pour être réassocié.
devices-loading = Chargement des appareils…
devices-made-on-device = créé sur un appareil
devices-made-on-console = créé depuis la console
devices-terminal = Caisse : { $terminal }
devices-valid-until = Valable jusqu'au { $when }
devices-cancel-code = Annuler le code
devices-paired-seen = Associé le { $paired } · vu le { $seen }
devices-paired-unused = Associé le { $paired } · jamais utilisé
devices-sign-out-self = Déconnecter cet appareil ? Il revient à l'écran d'association.
devices-sign-out-other = Déconnecter « { $name } » ({ $when }) ? Il cesse de fonctionner aussitôt.
devices-revoked = Déconnecté
devices-confirm-sign-out = Confirmer la déconnexion
devices-signing-out = Déconnexion…
devices-sign-out = Déconnecter
devices-keep = Garder
devices-sign-out-ask = Déconnecter…

## Tickets (imprimés dans la langue de la boutique)

print = Imprimer
receipt-amount = Montant
receipt-excess = Trop-perçu
receipt-share-text = Votre ticket de { $shop }
receipt-share-text-no-shop = Votre ticket de la boutique
receipt-late-decide = rembourser ou accepter.
receipt-paid-with = Payé en
receipt-rate = Taux
receipt-state = État
receipt-code = Code de paiement
receipt-updated = Mis à jour
refunds = Remboursements
receipt-transactions = Transaction(s)
receipt-not-yet = Pas encore de ticket pour ce lien : le paiement n'est pas terminé.
receipt-loading = Chargement du ticket…
receipt-back-payment = Paiement

## Historique

history-all = Tous
history-empty = Aucun paiement pour l'instant.
history-filter = Filtrer par état
loading = Chargement…
history-more = Voir plus

## Remboursements

refund = Rembourser
refund-offer-excess = Rembourser le trop-perçu
refund-offer-received = Rembourser ce qui a été reçu
refund-retry = Réessayer le remboursement
refund-type-full = Remboursement total
refund-type-partial = Remboursement partiel
refund-type-underpaid = Remboursement de ce qui a été reçu
refund-type-overpaid = Remboursement du trop-perçu
refund-state-requested = Remboursement demandé
refund-state-refunded = Remboursé
refund-state-unknown = Remboursement envoyé — résultat en cours de vérification
refund-state-failed = Remboursement non effectué
refund-state-needs_attention = Remboursement à vérifier — voir avec WCT Pay
refund-mark-attention = Remboursement à vérifier
refund-mark-requested = Remboursement demandé
refund-mark-refunded = Remboursé { $amount }
refund-hold-mismatch = Pas de nouveau remboursement pour l'instant : un remboursement précédent de ce paiement ne correspond pas à ce qu'indique WCT Pay. Vérifiez le paiement avec WCT Pay avant de rembourser à nouveau.
refund-hold-waiting = Pas de nouveau remboursement pour l'instant : un remboursement précédent de ce paiement attend encore WCT Pay. Un nouveau sera possible dès qu'il apparaîtra comme remboursé ou non effectué.
refund-not-made = Le remboursement n'a pas été effectué : { $reason }
refund-kind = Type de remboursement
refund-summary = Reçu { $received } · jusqu'à { $left } remboursable
refund-locked-store = Trop de codes PIN responsable erronés : les remboursements sont bloqués sur tous les appareils de cette boutique. Réessayez dans { $wait }.
refund-locked-device = Trop de codes PIN responsable erronés : les remboursements sont bloqués sur cet appareil. Réessayez dans { $wait }.
refund-amount = Montant ({ $asset })
refund-contact = WCT Pay contacte le client pour savoir comment le rembourser : indiquez un e-mail ou un numéro de portable.
refund-email = E-mail du client
refund-mobile = Portable du client (+indicatif pays)
refund-remarks = Remarques (facultatif)
refund-pin = Code PIN responsable
refund-busy = Remboursement…
refund-submit = Rembourser { $amount }
close = Fermer

## Clôture de caisse (le ticket Z est imprimé dans la langue de la boutique)

reports-title = Clôture de caisse
reports-day = Jour
reports-scope = Périmètre
reports-this-terminal = Cette caisse
reports-whole-store = Toute la boutique
reports-csv = Télécharger le CSV
reports-print = Imprimer le ticket Z
reports-loading = Chargement du rapport…
reports-save-failed = Le fichier n'a pas pu être enregistré.
reports-empty = Aucun paiement ce jour-là.
reports-note-excess = trop-perçu { $amount }
reports-note-missing = manque { $missing } · vente { $sale }
reports-note-refunded = remboursé { $amount }
reports-totals = Encaissé : ventes payées et trop-perçues, pourboires compris, remboursements déduits
reports-lines = Par état (payé en partie : le restant dû)
reports-assets = Par moyen de paiement : chaque jeton reçu, paiements partiels et argent en retard compris (gardé = reçu − remboursé)
reports-col-currency = Devise
reports-col-sales = Ventes
reports-col-taken = Encaissé (pourboires compris)
reports-col-tips = Dont pourboires
reports-col-due = Restant dû (payé en partie)
reports-col-state = État
reports-col-count = Nombre
reports-col-asset = Moyen
reports-col-kept = Gardé
bucket-paid = Payé
bucket-overpaid = Trop-perçu
bucket-underpaid = Payé en partie
bucket-open = Encore ouvert
bucket-refunded = Remboursé
bucket-late = Argent en retard
bucket-received_on_closed = Reçu après expiration/annulation — à rembourser ou garder
bucket-kept = Gardé comme paiement après clôture
bucket-cancelled_expired = Annulé / expiré, rien reçu
bucket-rejected = Refusé
z-report = Ticket Z
z-underpaid = Payé en partie × { $count } · restant dû
z-part-paid = déjà payé en partie (hors encaissé)
z-taken =
    { $count ->
        [one] Encaissé ({ $count } vente), pourboires compris
       *[other] Encaissé ({ $count } ventes), pourboires compris
    }
z-tips = dont pourboires
z-asset-received = { $asset } reçu (tous états)
z-asset-refunded = { $asset } remboursé
z-asset-kept = { $asset } gardé
z-printed = Imprimé le { $when }

## Mode test

sandbox-notice-strong = PAIEMENT TEST
sandbox-notice-text = mode test : l'adresse n'est pas réelle. N'envoyez pas de vrais fonds.
test-mark = TEST — mode test, pas de vrai argent

grid-title = Produits
grid-categories = Catégories
grid-all = Tout
grid-search = Chercher un nom ou un code-barres
grid-add = Ajouter un { $name }
grid-none = Aucun produit ne correspond.
scan-added = { $name } ajouté
scan-unknown = Code-barres inconnu { $code } : aucun produit ne l’a.
cart-item-discount = Remise
cart-discount-hint = 10 % ou 2,00
cart-sale-discount = Remise sur toute la vente
cart-discount-total = Remises :
cart-pin = Code PIN du responsable (pour cette remise)
cart-pin-needed = Une remise aussi importante demande le code PIN du responsable.
cart-qty-less = Article { $number } : un de moins
cart-qty-more = Article { $number } : un de plus
cart-stale-notice = Le catalogue a changé depuis l’ajout de ces articles : vérifiez les lignes signalées, puis encaissez à nouveau.
cart-stale-price = { $name } coûte maintenant { $new } { $currency } (avant : { $old }).
cart-stale-tax = { $name } est maintenant soumis à un autre taux de TVA.
cart-stale-gone = { $name } n’est plus vendu.
cart-stale-remove = N’est plus vendu : retirez cette ligne.
charge-cart-stale = Des prix ont changé pendant cette vente. Rien n’a été encaissé : le panier affiche maintenant les prix actuels, vérifiez-le et encaissez à nouveau.
tax-rate = Taux
tax-discount = Remise
tax-net = HT
tax-tax = TVA
tax-gross = TTC
tax-untaxed = Non taxé

receipt-tax-id = N° TVA
receipt-number = Ticket n°
receipt-supplied-at = Date de la vente
receipt-terminal = Caisse
receipt-discount = Remise
receipt-sale-line = Vente
receipt-discounts = Remises
receipt-credit-note = Avoir { $number } sur le ticket { $receipt }

reports-tax = TVA par taux
reports-col-receipts = Tickets
reports-receipts = Numéros de ticket et avoirs
reports-col-document = Document
reports-first-receipt = Premier ticket
reports-last-receipt = Dernier ticket

rules-tax = TVA
rules-rate = Taux { $number }
rules-rate-id = Code (ex. normal)
rules-rate-id-head = Code
rules-rate-name = Nom sur le ticket
rules-rate-percent = Pourcentage
rules-rate-remove = Supprimer le taux { $number }
rules-rate-add = + Taux
rules-default-rate = Taux par défaut (montants libres du pavé)
rules-exclusive = Les prix sont hors taxes (la taxe s’ajoute en caisse, comme aux États-Unis)
rules-tips-taxed = Les pourboires sont taxés (au taux par défaut)
rules-currency = Devise de la boutique (prix des produits)
rules-max-discount = Remise au-delà de ce % d’une vente : code PIN du responsable
rules-receipt = Mentions du ticket
rules-legal-name = Raison sociale
rules-address = Adresse (une ligne par ligne)
rules-tax-id = N° de TVA
rules-footer = Texte de bas de ticket (facultatif)
rules-prefix = Préfixe du numéro de ticket (ex. T-)
