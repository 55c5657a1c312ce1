# レジアプリ(日本語)。ID と変数は en.ftl と同じです。

## すべての画面

offline-banner = オフラインです。接続が戻るまで決済を作成できません。
not-found-title = ページが見つかりません
not-found-text = このアドレスには何もありません。
not-found-go = 会計へ
notice-unpaired = この端末はレジとの連携が解除されました。決済を受け付けるにはもう一度連携してください。
sandbox-badge = テストモード
nav-label = メインメニュー
nav-charge = 会計
nav-history = 履歴
nav-reports = レポート
nav-settings = 設定
theme-system = 端末の設定に合わせる
theme-light = ライト
theme-dark = ダーク
more = 詳細

## エラー

error-network = サーバーに接続できません。接続を確認して、もう一度お試しください。
error-generic = サーバーで問題が発生しました。しばらくしてからもう一度お試しください。
error-not-paired = この端末は連携されていません。
error-code-validation = 入力内容に誤りがあります。印の付いた項目を確認してください。
error-code-bad-request = サーバーがリクエストを読み取れませんでした。ページを再読み込みして、もう一度お試しください。
error-code-unauthorized = この端末にはその操作の権限がありません。
error-code-not-found = 見つかりません。削除された可能性があります。
error-code-conflict = その間に内容が変更されました。再読み込みして、もう一度お試しください。
error-code-too-large = 大きすぎて送信できません。
error-code-rate-limited = 短時間に試行が多すぎます。少し待ってからもう一度お試しください。
error-code-upstream-rejected = WCT Pay に拒否されました。
error-code-upstream-unavailable = 現在 WCT Pay に接続できません。しばらくしてからもう一度お試しください。
error-code-upstream-timeout = WCT Pay の応答に時間がかかりすぎました。もう一度お試しください。
error-code-upstream-invalid = WCT Pay の応答を読み取れませんでした。
error-code-upstream-unknown = WCT Pay で処理されたか確認できませんでした。もう一度確認してください。二重に処理されることはありません。
error-code-upstream-mismatch = WCT Pay の応答が販売内容と一致しなかったため、拒否しました。
error-code-pairing-expired = この連携コードは有効期限が切れています。別の端末で新しいコードを発行してください。
error-code-pairing-used = この連携コードはすでに使用されています。新しいコードを発行してください。
error-code-device-limit = このレジに連携できる端末数の上限に達しています。先に 1 台の連携を解除してください。
error-code-pin-wrong = 責任者 PIN が違います。
error-code-refunds-locked = PIN の入力ミスが多すぎるため、返金はしばらくロックされています。
error-code-refund-on-hold = この決済の以前の返金がまだ処理中です。完了するまでお待ちください。
error-code-payment-has-money = この決済にはすでに入金があるため、取り消せません。
error-code-refunds-not-configured = このサーバーでは返金が設定されていません(責任者 PIN が未設定)。
error-code-cart-stale = カート内の一部の商品の価格が変わったか、販売終了になりました。カートを確認して、もう一度お会計してください。
error-code-discount-needs-pin = この金額の割引には店長PINが必要です。

## 会計:テンキー

charge-title = 会計
charge-loading = レジを読み込み中…
charge-reference-used = この参照番号は別の決済で使用済みです。変更してください。
charge-outcome-unknown = WCT Pay でこの決済が作成されたか確認できませんでした。もう一度確認してください。二重に作成されることはありません。
charge-mismatch = { $reason }。お客様には何も表示されていません。もう一度会計できます。
charge-not-accepted = WCT Pay が決済を受け付けませんでした:{ $reason }
charge-tip-unreadable = チップは 2.50 のように金額で入力するか、「チップなし」を選んでください。
charge-tip-does-not-fit = このチップはこの会計に使えません。別のものを選んでください。
charge-why-offline = オフライン:会計には接続が必要です。自動的に再接続されます。
charge-why-zero = 会計するには金額を入力(または商品を追加)してください。
charge-why-fix = 会計するには上の印の付いた項目を修正してください。
charge-checking = 決済が作成されたか確認中…
charge-creating = 作成中…
charge-button = 会計
charge-button-amount = { $amount } { $currency } を会計
charge-description = 内容(任意)
charge-reference = 参照番号
charge-tip-note = チップが有効です:「会計」の後、画面をお客様に渡してチップを選んでもらってください。
charge-check-again = もう一度確認
charge-in = 会計の通貨
settlement-network = 精算ネットワーク
pay-with = お客様の支払い方法
pay-with-on-network = { $asset }({ $network } ネットワーク)
network = ネットワーク
network-choose = ネットワークを選択
amount = 金額
amount-from-cart = 金額はカートの合計です。
keypad = 金額入力キー
keypad-point = 小数点
keypad-back = 最後の数字を削除
keypad-clear = クリア
tip-continue = 次へ · { $amount } { $currency }
tip-back = レジ担当に戻す
cart-title = カート
cart-empty = 商品を追加(任意)
cart-count = { $count } 点
cart-add = + 商品を追加
cart-total = 合計
cart-item = 商品 { $number }
cart-item-name = 商品名
cart-item-description = 説明
cart-item-quantity = 数量
cart-item-price = 単価
cart-item-remove = 商品 { $number } を削除
customer-title = お客様情報
customer-optional = 任意
field-personal_fname = 名
field-personal_lname = 姓
field-personal_address = 住所
field-personal_city = 市区町村
field-personal_state = 都道府県
field-personal_country = 国
field-personal_postcode = 郵便番号
field-personal_mobile = 携帯電話
field-personal_dob = 生年月日
field-personal_country-hint = 例:JP
field-personal_mobile-hint = 例:090-1234-5678

## 設定

settings-title = 設定
settings-terminal = レジ
settings-shop = 店舗:{ $shop }
settings-this-device = この端末
settings-sound = 入金時に音を鳴らす
settings-theme = テーマ
settings-device-language = この端末の言語
settings-device-language-store = 店舗の言語({ $language })
settings-forget = この端末の登録を解除
settings-forget-text = この端末の連携を解除し、トークンを削除します。再び連携するには別の端末で新しいコードを発行する必要があります。
store-title = 店舗
store-every-terminal = この店舗のすべてのレジに適用されます。
store-language-title = 言語
store-language = レジの言語(レシートとレポートにも適用)
store-tips = チップ
store-tips-enabled = 支払い前にチップを提案する
store-tips-percentages = チップの割合
store-tips-custom = お客様が金額を自由に入力できる
store-tips-rounding = 割合で計算したチップの端数処理
store-day = 営業日
store-zone = タイムゾーン(日次締めの 1 日の始まり)
store-zone-device = この端末のタイムゾーンを使う
store-country = 店舗の国(お客様の国内電話番号用)
store-pin = 責任者 PIN(保存に必要)
save = 保存
saved = 保存しました ✓
tip-rounding-exact = そのまま(1 セント単位)
tip-rounding-up_to_five_hundredths = 0.05 単位で切り上げ
tip-rounding-up_to_whole = 1 単位で切り上げ

## 決済:QR コード、金額、支払い完了

payment-not-found = この決済は存在しません。
payment-loading = 決済を読み込み中…
payment-unavailable = 決済を表示できません
new-charge = 新しい会計
receipt = レシート
payment-closed-received = { $price } · 受取 { $received }
payment-price-updated = 価格を更新しました。下の金額と QR コードは新しいものです。
payment-closed-expired = この決済は支払い前に期限切れになりました。
payment-closed-cancelled = この決済は取り消されました。
payment-closed-refunded = この決済は返金されました。
payment-closed-rejected = この決済は拒否されました。
payment-closed-late = この決済の終了後に入金がありました。
payment-closed = この決済は終了しています。
late-title-expired = 期限切れ後にこの決済への入金がありました
late-title-cancelled = 取り消し後にこの決済への入金がありました
late-title-closed = 終了後にこの決済への入金がありました
late-decide = この会計の支払いとして受け取るか、お客様に返金してください。
kept-as-payment = 支払いとして受領済み
share-pay-text = { $description } の代金 { $amount } をお支払いください
payment-pending = ネットワーク上で入金を確認 — 承認待ち(現在 { $confirmations } 件)。
price-with-tip = { $total }({ $sale } + チップ { $tip })
qr-still-due = 残り { $amount }
qr-rest-of-price = 代金の残り
qr-label = { $amount } { $asset } を支払うための QR コード
fiat-lead-for = 代金
fiat-lead-still-due-of = 未払い/総額
fiat-lead-of = 総額
due-partly-paid = 一部入金済み — 残りを送金してください
due-amount = お支払い金額
due-network = { $network } ネットワーク
address = アドレス
copy = コピー
copied = コピーしました ✓
destination-tag = 宛先タグ / メモ:
received = 受取額
still-missing = 不足額
paid-in-excess = 過払い額
paid-counter = レジ
paid = 支払い完了
paid-overpaid = 支払い完了(過払い)
paid-thanks = ありがとうございました!
paid-excess-back = 過払い分をお客様に返金しています:
paid-excess = お客様の送金額が多すぎました:
paid-excess-shop-refunds = 過払い分は店舗から返金できます。
countdown-label = 価格の有効時間
countdown-expired = 価格の有効期限が切れました
countdown-seconds = この価格はあと{ $seconds }秒有効です
countdown-minutes = この価格はあと{ $minutes }分有効です
cancel-failed = 取り消せませんでした:{ $reason }
cancel-payment = 決済を取り消す
cancel-question = この決済を取り消しますか?
cancel-busy = 取り消し中…
cancel-yes = はい、取り消す
cancel-keep-waiting = 待ち続ける
share-receipt-title = レシートのリンク
share-receipt = レシートを送る
share-payment-title = 支払いリンク
share-payment = リンクを共有
share-copied = リンクをコピーしました ✓
share-email = メール
keep-failed = 受領できませんでした:{ $reason }
keep-payment = 支払いとして受領
keep-question = この金額をこの会計の支払いとして受領しますか?
keep-busy = 受領中…
keep-yes = はい、受領する
back = 戻る
tip-title = チップを追加しますか?
tip-none = チップなし
tip-custom = 金額を指定
tip-custom-label = チップ({ $currency })
simulate-title = テストモード · お客様の支払いをシミュレート
simulate-text = デモ専用:架空のウォレットからテスト用コインを送ります。
simulate-full = 全額支払う
simulate-half = 半額支払う
simulate-over = 1.5 倍支払う

## 決済の状態

state-awaiting = 支払い待ち
state-pending = 入金確認 — 承認中
state-underpaid = 一部入金
state-paid = 支払い完了
state-overpaid = 過払い
state-expired = 期限切れ
state-cancelled = 取り消し
state-refunded = 返金済み
state-rejected = 拒否 — 決済サービスの応答が一致しませんでした
state-late = 終了後の入金 — 返金または受領
state-short-awaiting = 支払い待ち
state-short-pending = 承認中
state-short-underpaid = 一部入金
state-short-paid = 支払い完了
state-short-overpaid = 過払い
state-short-expired = 期限切れ
state-short-cancelled = 取り消し
state-short-refunded = 返金済み
state-short-rejected = 拒否
state-short-late = 遅れた入金

## 端末の連携

pair-error-used = この連携コードはすでに使用されています。連携済みの端末で「設定 → 端末を追加」を開き、新しいコードを発行してください。
pair-error-expired = この連携コードは有効期限が切れています。連携済みの端末で「設定 → 端末を追加」を開き、新しいコードを発行してください。
pair-error-throttled-wait = このネットワークからの連携の試行が多すぎます。{ $wait }後にもう一度お試しください。
pair-error-throttled = このネットワークからの連携の試行が多すぎます。1 分ほど待ってからもう一度お試しください。
pair-error-unknown = この連携コードは認識できません。もう一方の画面と見比べるか、新しいコードを発行してください。
pair-title = この端末を連携
pair-from-link = コードを確認し、この端末に名前を付けて連携してください。
pair-how = 連携済みの端末で「設定 → 端末を追加」を開きます。表示された QR コードを読み取るか、コードをここに入力してください。
pair-code = 連携コード
pair-device-name = この端末の名前
pair-device-name-hint = 「設定 → 端末」に表示され、そこで連携を解除できます。
pair-busy = 連携中…
pair-code-empty = もう一方の端末に表示された連携コードを入力してください。
pair-code-short = 連携コードは K7QF-2M9X のような英数字 8 文字です。
pair-code-long = 連携コードは K7QF-2M9X のような英数字 8 文字だけです。
pair-code-bad-char = 「{ $char }」は連携コードに使われません。0、1、I、L、O は使われず、英字と数字だけです。
device-name-default = { $browser }({ $system })
pair-name-empty = この端末に名前を付けてください(例:「レジ用タブレット」)。
wait-minutes = { $minutes } 分
wait-seconds = { $seconds } 秒

## 設定:端末と連携コード

devices-code-error-wait = { $reason }({ $wait }後にもう一度お試しください)。
devices-add = 端末を追加
devices-add-text = このレジに別のスマートフォンやタブレットを連携します。数分間有効な 1 回限りのコードを発行します。
devices-new-name = 新しい端末の名前(任意)
devices-getting-code = コードを発行中…
done = 完了
devices-qr-label = 新しい端末用の連携リンク
devices-step-scan = 新しい端末のカメラでこの QR コードを読み取るか、下のリンクを開いてください。
devices-step-type = または、その端末でこのアプリの /pair ページを開いてコードを入力してください。
devices-code-label = 連携コード { $code }
devices-code-expired = このコードは有効期限が切れました。
devices-new-code = 新しいコード
devices-valid-for = 有効時間
devices-works-once = 1 回限り
devices-signed-out-notice = この端末の連携は解除されました。決済を受け付けるにはもう一度連携してください。
devices-unused-codes = 未使用の連携コード
devices-title = 端末
devices-text = この店舗に連携しているスマートフォンとタブレットです。連携を解除するとすぐに使えなくなり、再連携には新しいコードが必要です。
devices-loading = 端末を読み込み中…
devices-made-on-device = 端末で発行
devices-made-on-console = コンソールで発行
devices-terminal = レジ:{ $terminal }
devices-valid-until = { $when } まで有効
devices-cancel-code = コードを無効にする
devices-paired-seen = 連携 { $paired } · 最終利用 { $seen }
devices-paired-unused = 連携 { $paired } · 未使用
devices-sign-out-self = この端末の連携を解除しますか?連携画面に戻ります。
devices-sign-out-other = 「{ $name }」({ $when })の連携を解除しますか?すぐに使えなくなります。
devices-revoked = 連携解除済み
devices-confirm-sign-out = 連携解除の確認
devices-signing-out = 解除中…
devices-sign-out = 連携を解除
devices-keep = 残す
devices-sign-out-ask = 連携を解除…

## レシート(店舗の言語で印刷)

print = 印刷
receipt-amount = 金額
receipt-excess = 過払い
receipt-share-text = { $shop } のレシート
receipt-share-text-no-shop = お店のレシート
receipt-late-decide = 返金または受領してください。
receipt-paid-with = お支払い方法
receipt-rate = レート
receipt-state = 状態
receipt-code = 決済コード
receipt-updated = 更新日時
refunds = 返金
receipt-transactions = トランザクション
receipt-not-yet = このリンクのレシートはまだありません。支払いが完了していません。
receipt-loading = レシートを読み込み中…
receipt-back-payment = 支払い

## 履歴

history-all = すべて
history-empty = まだ決済はありません。
history-filter = 状態で絞り込む
loading = 読み込み中…
history-more = さらに読み込む

## 返金

refund = 返金
refund-offer-excess = 過払い分を返金
refund-offer-received = 受取額を返金
refund-retry = 返金をやり直す
refund-type-full = 全額返金
refund-type-partial = 一部返金
refund-type-underpaid = 受取額の返金
refund-type-overpaid = 過払い分の返金
refund-state-requested = 返金申請済み
refund-state-refunded = 返金済み
refund-state-unknown = 返金送信済み — 結果を確認中
refund-state-failed = 返金されませんでした
refund-state-needs_attention = 返金の確認が必要 — WCT Pay に確認してください
refund-mark-attention = 返金の確認が必要
refund-mark-requested = 返金申請済み
refund-mark-refunded = 返金済み { $amount }
refund-hold-mismatch = 現在、新しい返金はできません:この決済の以前の返金が WCT Pay の記録と一致しません。再度返金する前に WCT Pay で決済を確認してください。
refund-hold-waiting = 現在、新しい返金はできません:この決済の以前の返金が WCT Pay の処理待ちです。返金済みまたは未返金と表示されたら、新しい返金ができます。
refund-not-made = 返金されませんでした:{ $reason }
refund-kind = 返金の種類
refund-summary = 受取 { $received } · 最大 { $left } まで返金可能
refund-locked-store = 責任者 PIN の入力ミスが多すぎるため、この店舗のすべての端末で返金がロックされています。{ $wait }後にもう一度お試しください。
refund-locked-device = 責任者 PIN の入力ミスが多すぎるため、この端末で返金がロックされています。{ $wait }後にもう一度お試しください。
refund-amount = 金額({ $asset })
refund-contact = WCT Pay からお客様に返金方法を問い合わせます。メールアドレスか携帯電話番号を入力してください。
refund-email = お客様のメールアドレス
refund-mobile = お客様の携帯電話(+国番号)
refund-remarks = 備考(任意)
refund-pin = 責任者 PIN
refund-busy = 返金中…
refund-submit = { $amount } を返金
close = 閉じる

## 日次締め(Z レポートは店舗の言語で印刷)

reports-title = 日次締め
reports-day = 日付
reports-scope = 対象
reports-this-terminal = このレジ
reports-whole-store = 店舗全体
reports-csv = CSV をダウンロード
reports-print = Z レポートを印刷
reports-loading = レポートを読み込み中…
reports-save-failed = ファイルを保存できませんでした。
reports-empty = この日の決済はありません。
reports-note-excess = 過払い { $amount }
reports-note-missing = 不足 { $missing } · 販売額 { $sale }
reports-note-refunded = 返金 { $amount }
reports-totals = 売上:支払い完了・過払いの会計(チップ込み、返金差引)
reports-lines = 状態別(一部入金:未払い額)
reports-assets = 支払い通貨別:受け取ったすべてのコイン(一部入金・遅れた入金を含む、受領 = 受取 − 返金)
reports-col-currency = 通貨
reports-col-sales = 件数
reports-col-taken = 売上(チップ込み)
reports-col-tips = うちチップ
reports-col-due = 未払い(一部入金)
reports-col-state = 状態
reports-col-count = 件数
reports-col-asset = 通貨
reports-col-kept = 受領
bucket-paid = 支払い完了
bucket-overpaid = 過払い
bucket-underpaid = 一部入金
bucket-open = 未完了
bucket-refunded = 返金済み
bucket-late = 遅れた入金
bucket-received_on_closed = 期限切れ・取り消し後の入金 — 返金または受領
bucket-kept = 終了後に支払いとして受領
bucket-cancelled_expired = 取り消し・期限切れ(入金なし)
bucket-rejected = 拒否
z-report = Z レポート
z-underpaid = 一部入金 × { $count } · 未払い
z-part-paid = これまでの一部入金(売上に含まず)
z-taken = 売上({ $count } 件、チップ込み)
z-tips = うちチップ
z-asset-received = { $asset } 受取(全状態)
z-asset-refunded = { $asset } 返金
z-asset-kept = { $asset } 受領
z-printed = 印刷日時 { $when }

## テストモード

sandbox-notice-strong = テスト決済
sandbox-notice-text = テストモード:アドレスは実在しません。本物の資金を送らないでください。
test-mark = テスト — テストモード、実際のお金ではありません
