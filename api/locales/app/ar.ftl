# تطبيق نقطة البيع بالعربية (المعرّفات والمتغيرات نفسها كما في en.ftl).

## في كل الشاشات

offline-banner = لا يوجد اتصال. لا يمكن إنشاء مدفوعات حتى يعود الاتصال.
not-found-title = الصفحة غير موجودة
not-found-text = لا يوجد شيء على هذا العنوان.
not-found-go = الذهاب إلى التحصيل
notice-unpaired = لم يعد هذا الجهاز مربوطًا بأي نقطة بيع. اربطه من جديد لاستقبال المدفوعات.
sandbox-badge = وضع الاختبار
nav-label = القائمة الرئيسية
nav-charge = تحصيل
nav-history = السجل
nav-reports = التقارير
nav-settings = الإعدادات
theme-system = مثل إعدادات الجهاز
theme-light = فاتح
theme-dark = داكن
more = التفاصيل

## الأخطاء

error-network = تعذّر الوصول إلى الخادم. تحقّق من الاتصال وحاول مرة أخرى.
error-generic = حدث خطأ في الخادم. حاول مرة أخرى بعد قليل.
error-not-paired = هذا الجهاز غير مربوط.
error-code-validation = بعض البيانات غير صحيحة. راجع الحقول المحددة.
error-code-bad-request = تعذّر على الخادم قراءة الطلب. أعد تحميل الصفحة وحاول مرة أخرى.
error-code-unauthorized = هذا الجهاز غير مسموح له بذلك.
error-code-not-found = غير موجود. ربما تمت إزالته.
error-code-conflict = تغيّر هذا في الأثناء. أعد التحميل وحاول مرة أخرى.
error-code-too-large = الحجم كبير جدًا للإرسال.
error-code-rate-limited = محاولات كثيرة في وقت واحد. انتظر قليلًا ثم حاول مرة أخرى.
error-code-upstream-rejected = رفضت WCT Pay الطلب.
error-code-upstream-unavailable = تعذّر الوصول إلى WCT Pay حاليًا. حاول مرة أخرى بعد قليل.
error-code-upstream-timeout = تأخرت WCT Pay كثيرًا في الرد. حاول مرة أخرى.
error-code-upstream-invalid = تعذّرت قراءة رد WCT Pay.
error-code-upstream-unknown = لم نتمكن من التأكد مما إذا نفّذت WCT Pay العملية. تحقّق مرة أخرى: لن تتم مرتين أبدًا.
error-code-upstream-mismatch = رد WCT Pay لا يطابق عملية البيع، لذلك تم رفضه.
error-code-pairing-expired = انتهت صلاحية رمز الربط هذا. اطلب رمزًا جديدًا من جهاز آخر.
error-code-pairing-used = استُخدم رمز الربط هذا من قبل. اطلب رمزًا جديدًا.
error-code-device-limit = وصلت نقطة البيع هذه إلى الحد الأقصى من الأجهزة. ألغِ ربط أحدها أولًا.
error-code-pin-wrong = رمز PIN الخاص بالمدير غير صحيح.
error-code-refunds-locked = أُدخل رمز PIN خطأ مرات كثيرة: عمليات الاسترداد مقفلة مؤقتًا.
error-code-refund-on-hold = لا يزال استرداد سابق لهذه الدفعة قيد المعالجة. انتظر حتى يكتمل.
error-code-payment-has-money = وصلت أموال إلى هذه الدفعة، لذلك لا يمكن إلغاؤها.
error-code-refunds-not-configured = الاسترداد غير مُعدّ على هذا الخادم (لا يوجد رمز PIN للمدير).
error-code-cart-stale = تغيّر سعر بعض المنتجات في السلة أو لم تعد تُباع. راجع السلة ثم حصّل المبلغ مرة أخرى.
error-code-discount-needs-pin = يتطلب خصم بهذا الحجم رمز PIN الخاص بالمدير.

## التحصيل: لوحة الأرقام

charge-title = تحصيل
charge-loading = جارٍ تحميل نقطة البيع…
charge-reference-used = هذا المرجع مستخدم لدفعة أخرى؛ غيّره.
charge-outcome-unknown = لم نتمكن من التأكد مما إذا أنشأت WCT Pay هذه الدفعة. تحقّق مرة أخرى: لن تُنشأ مرتين أبدًا.
charge-mismatch = { $reason }. لم يُعرض شيء على العميل؛ يمكنك التحصيل من جديد.
charge-not-accepted = لم تقبل WCT Pay الدفعة: { $reason }
charge-tip-unreadable = أدخل الإكرامية كمبلغ، مثل 2.50، أو اختر «بدون إكرامية».
charge-tip-does-not-fit = هذه الإكرامية لا تناسب عملية البيع: اختر غيرها.
charge-why-offline = لا يوجد اتصال: التحصيل يحتاج إلى اتصال، وسيعود تلقائيًا.
charge-why-zero = أدخل مبلغًا (أو أضف أصنافًا) للتحصيل.
charge-why-fix = صحّح الحقول المحددة أعلاه للتحصيل.
charge-checking = جارٍ التحقق من إنشاء الدفعة…
charge-creating = جارٍ الإنشاء…
charge-button = تحصيل
charge-button-amount = تحصيل { $amount } { $currency }
charge-description = الوصف (اختياري)
charge-reference = المرجع
charge-tip-note = الإكراميات مفعّلة: بعد «تحصيل» ناول الشاشة للعميل ليختار إكراميته.
charge-check-again = تحقّق مرة أخرى
charge-in = التحصيل بعملة
settlement-network = شبكة التسوية
pay-with = يدفع العميل بـ
pay-with-on-network = { $asset } على شبكة { $network }
network = الشبكة
network-choose = اختر الشبكة
amount = المبلغ
amount-from-cart = المبلغ هو إجمالي السلة.
keypad = لوحة إدخال المبلغ
keypad-point = الفاصلة العشرية
keypad-back = حذف آخر رقم
keypad-clear = مسح
tip-continue = متابعة · { $amount } { $currency }
tip-back = إعادة الشاشة إلى الكاشير
cart-title = السلة
cart-empty = إضافة أصناف (اختياري)
cart-count =
    { $count ->
        [zero] لا أصناف
        [one] صنف واحد
        [two] صنفان
        [few] { $count } أصناف
        [many] { $count } صنفًا
       *[other] { $count } صنف
    }
cart-add = + إضافة صنف
cart-total = الإجمالي
cart-item = الصنف { $number }
cart-item-name = اسم الصنف
cart-item-description = الوصف
cart-item-quantity = الكمية
cart-item-price = سعر الوحدة
cart-item-remove = حذف الصنف { $number }
customer-title = بيانات العميل
customer-optional = اختياري
field-personal_fname = الاسم الأول
field-personal_lname = اسم العائلة
field-personal_address = العنوان
field-personal_city = المدينة
field-personal_state = المنطقة / الإمارة
field-personal_country = الدولة
field-personal_postcode = الرمز البريدي
field-personal_mobile = الجوال
field-personal_dob = تاريخ الميلاد
field-personal_country-hint = مثل AE
field-personal_mobile-hint = مثل 050 123 4567

## الإعدادات

settings-title = الإعدادات
settings-terminal = نقطة البيع
settings-shop = المتجر: { $shop }
settings-this-device = هذا الجهاز
settings-sound = صوت عند وصول دفعة
settings-theme = المظهر
settings-device-language = لغة هذا الجهاز
settings-device-language-store = لغة المتجر ({ $language })
settings-forget = إزالة هذا الجهاز
settings-forget-text = يلغي ربط هذا الجهاز ويحذف رمز دخوله. لإعادة ربطه يلزم رمز جديد من جهاز آخر.
store-title = المتجر
store-every-terminal = لكل نقاط البيع في هذا المتجر.
store-language-title = اللغة
store-language = لغة نقطة البيع، وكذلك الإيصالات والتقارير
store-tips = الإكراميات
store-tips-enabled = عرض الإكرامية قبل الدفع
store-tips-percentages = نِسب الإكرامية
store-tips-custom = السماح للعميل بإدخال أي مبلغ
store-tips-rounding = تقريب الإكرامية المحسوبة بالنسبة
store-day = يوم العمل
store-zone = المنطقة الزمنية (متى يبدأ يوم تقرير نهاية اليوم)
store-zone-device = استخدام المنطقة الزمنية لهذا الجهاز
store-country = دولة المتجر (لأرقام هواتف العملاء المحلية)
store-pin = رمز PIN للمدير (مطلوب للحفظ)
save = حفظ
saved = تم الحفظ ✓
tip-rounding-exact = بالضبط (حتى السنت)
tip-rounding-up_to_five_hundredths = تقريب لأعلى إلى 0.05
tip-rounding-up_to_whole = تقريب لأعلى إلى وحدة كاملة

## الدفعة: رمز QR والمبلغ وإتمام الدفع

payment-not-found = هذه الدفعة غير موجودة.
payment-loading = جارٍ تحميل الدفعة…
payment-unavailable = الدفعة غير متاحة
new-charge = عملية بيع جديدة
receipt = الإيصال
payment-closed-received = { $price } · المستلَم { $received }
payment-price-updated = تم تحديث السعر — المبلغ ورمز QR أدناه جديدان.
payment-closed-expired = انتهت صلاحية هذه الدفعة قبل سدادها.
payment-closed-cancelled = أُلغيت هذه الدفعة.
payment-closed-refunded = تم استرداد هذه الدفعة.
payment-closed-rejected = رُفضت هذه الدفعة.
payment-closed-late = وصلت أموال بعد إغلاق هذه الدفعة.
payment-closed = هذه الدفعة مغلقة.
late-title-expired = وصلت أموال بعد انتهاء صلاحية هذه الدفعة
late-title-cancelled = وصلت أموال بعد إلغاء هذه الدفعة
late-title-closed = وصلت أموال بعد إغلاق هذه الدفعة
late-decide = احتفظ بها كدفعة لهذه العملية، أو أعدها إلى العميل.
kept-as-payment = قُبلت كدفعة
share-pay-text = ادفع { $amount } مقابل { $description }
payment-pending = تم رصد الدفعة على الشبكة — بانتظار التأكيدات (حتى الآن { $confirmations }).
price-with-tip = { $total } ({ $sale } + إكرامية { $tip })
qr-still-due = المتبقي { $amount }
qr-rest-of-price = باقي السعر
qr-label = رمز QR لدفع { $amount } { $asset }
fiat-lead-for = مقابل
fiat-lead-still-due-of = متبقٍّ من
fiat-lead-of = من
due-partly-paid = دُفع جزء — أرسل الباقي
due-amount = المبلغ المطلوب
due-network = على شبكة { $network }
address = العنوان
copy = نسخ
copied = تم النسخ ✓
destination-tag = وسم الوجهة / المذكرة:
received = المستلَم
still-missing = المتبقي
paid-in-excess = المدفوع زيادة
paid-counter = نقطة البيع
paid = تم الدفع
paid-overpaid = تم الدفع (بزيادة)
paid-thanks = شكرًا لك!
paid-excess-back = المبلغ الزائد في طريقه إلى العميل:
paid-excess = أرسل العميل أكثر من المطلوب:
paid-excess-shop-refunds = يمكن للمتجر إعادة المبلغ الزائد.
countdown-label = السعر صالح لمدة
countdown-expired = انتهت صلاحية السعر
countdown-seconds =
    { $seconds ->
        [zero] انتهت صلاحية هذا السعر
        [one] بقيت ثانية واحدة على هذا السعر
        [two] بقيت ثانيتان على هذا السعر
        [few] بقيت { $seconds } ثوانٍ على هذا السعر
        [many] بقيت { $seconds } ثانية على هذا السعر
       *[other] بقيت { $seconds } ثانية على هذا السعر
    }
countdown-minutes =
    { $minutes ->
        [zero] انتهت صلاحية هذا السعر
        [one] بقيت دقيقة واحدة على هذا السعر
        [two] بقيت دقيقتان على هذا السعر
        [few] بقيت { $minutes } دقائق على هذا السعر
        [many] بقيت { $minutes } دقيقة على هذا السعر
       *[other] بقيت { $minutes } دقيقة على هذا السعر
    }
cancel-failed = تعذّر الإلغاء: { $reason }
cancel-payment = إلغاء الدفعة
cancel-question = إلغاء هذه الدفعة؟
cancel-busy = جارٍ الإلغاء…
cancel-yes = نعم، ألغِها
cancel-keep-waiting = متابعة الانتظار
share-receipt-title = رابط الإيصال
share-receipt = إرسال الإيصال
share-payment-title = رابط الدفع
share-payment = مشاركة الرابط
share-copied = تم نسخ الرابط ✓
share-email = البريد الإلكتروني
keep-failed = لم تُقبل: { $reason }
keep-payment = قبولها كدفعة
keep-question = قبول هذا المبلغ كدفعة لهذه العملية؟
keep-busy = جارٍ القبول…
keep-yes = نعم، اقبلها
back = رجوع
tip-title = هل تضيف إكرامية؟
tip-none = بدون إكرامية
tip-custom = مبلغ آخر
tip-custom-label = الإكرامية ({ $currency })
simulate-title = وضع الاختبار · محاكاة دفع العميل
simulate-text = للعرض فقط: يرسل عملات اختبار من محفظة وهمية.
simulate-full = دفع المبلغ كاملًا
simulate-half = دفع النصف
simulate-over = دفع زيادة ×1.5

## حالات الدفع

state-awaiting = بانتظار الدفع
state-pending = تم رصد الدفعة — جارٍ التأكيد
state-underpaid = مدفوعة جزئيًا
state-paid = مدفوعة
state-overpaid = مدفوعة بزيادة
state-expired = منتهية الصلاحية
state-cancelled = ملغاة
state-refunded = مستردّة
state-rejected = مرفوضة — رد خدمة الدفع لم يطابق
state-late = أموال بعد الإغلاق — استرداد أو قبول
state-short-awaiting = بانتظار الدفع
state-short-pending = جارٍ التأكيد
state-short-underpaid = مدفوعة جزئيًا
state-short-paid = مدفوعة
state-short-overpaid = مدفوعة بزيادة
state-short-expired = منتهية الصلاحية
state-short-cancelled = ملغاة
state-short-refunded = مستردّة
state-short-rejected = مرفوضة
state-short-late = أموال متأخرة

## ربط الجهاز

pair-error-used = استُخدم رمز الربط هذا من قبل. على جهاز مربوط، افتح الإعدادات ← إضافة جهاز للحصول على رمز جديد.
pair-error-expired = انتهت صلاحية رمز الربط هذا. على جهاز مربوط، افتح الإعدادات ← إضافة جهاز للحصول على رمز جديد.
pair-error-throttled-wait = محاولات ربط كثيرة من هذه الشبكة. حاول مرة أخرى بعد { $wait }.
pair-error-throttled = محاولات ربط كثيرة من هذه الشبكة. انتظر دقيقة ثم حاول مرة أخرى.
pair-error-unknown = رمز الربط هذا غير معروف. قارنه بالشاشة الأخرى أو اطلب رمزًا جديدًا.
pair-title = ربط هذا الجهاز
pair-from-link = تحقّق من الرمز وسمِّ هذا الجهاز، ثم اربطه.
pair-how = على جهاز مربوط من قبل، افتح الإعدادات ← إضافة جهاز. امسح رمز QR الظاهر عليه، أو اكتب الرمز هنا.
pair-code = رمز الربط
pair-device-name = اسم هذا الجهاز
pair-device-name-hint = يظهر في الإعدادات ← الأجهزة، حيث يمكن إلغاء ربطه.
pair-busy = جارٍ الربط…
pair-code-empty = أدخل رمز الربط الظاهر على الجهاز الآخر.
pair-code-short = رمز الربط مكوّن من 8 حروف وأرقام، مثل K7QF-2M9X.
pair-code-long = رمز الربط مكوّن من 8 حروف وأرقام فقط، مثل K7QF-2M9X.
pair-code-bad-char = «{ $char }» لا يرد في رموز الربط: لا تستخدم أبدًا 0 أو 1 أو I أو L أو O، بل حروفًا وأرقامًا فقط.
device-name-default = { $browser } على { $system }
pair-name-empty = سمِّ هذا الجهاز، مثل «جهاز الكاشير».
wait-minutes = { $minutes } د
wait-seconds = { $seconds } ث

## الإعدادات: الأجهزة ورموز الربط

devices-code-error-wait = { $reason } (حاول مرة أخرى بعد { $wait }).
devices-add = إضافة جهاز
devices-add-text = اربط هاتفًا أو جهازًا لوحيًا آخر بنقطة البيع هذه: يحصل على رمز لمرة واحدة صالح لبضع دقائق.
devices-new-name = اسم الجهاز الجديد (اختياري)
devices-new-name-hint = مثال: جهاز الكاشير اللوحي 2
devices-getting-code = جارٍ إنشاء رمز…
done = تم
devices-qr-label = رابط الربط لجهاز جديد
devices-step-scan = على الجهاز الجديد، امسح رمز QR هذا بالكاميرا أو افتح الرابط أدناه.
devices-step-type = أو افتح هناك صفحة ‎/pair‎ في هذا التطبيق واكتب الرمز.
devices-code-label = رمز الربط { $code }
devices-code-expired = انتهت صلاحية هذا الرمز.
devices-new-code = رمز جديد
devices-valid-for = صالح لمدة
devices-works-once = لمرة واحدة
devices-signed-out-notice = أُلغي ربط هذا الجهاز. اربطه من جديد لاستقبال المدفوعات.
devices-unused-codes = رموز ربط غير مستخدمة
devices-title = الأجهزة
devices-text = الهواتف والأجهزة اللوحية المربوطة بهذا المتجر. إلغاء ربط جهاز يوقفه فورًا، ويحتاج إلى رمز جديد ليُربط مرة أخرى.
devices-loading = جارٍ تحميل الأجهزة…
devices-made-on-device = أُنشئ على جهاز
devices-made-on-console = أُنشئ من وحدة التحكم
devices-terminal = نقطة البيع: { $terminal }
devices-valid-until = صالح حتى { $when }
devices-cancel-code = إلغاء الرمز
devices-paired-seen = رُبط في { $paired } · آخر نشاط { $seen }
devices-paired-unused = رُبط في { $paired } · لم يُستخدم بعد
devices-sign-out-self = إلغاء ربط هذا الجهاز؟ سيعود إلى شاشة الربط.
devices-sign-out-other = إلغاء ربط «{ $name }» ({ $when })؟ سيتوقف عن العمل فورًا.
devices-revoked = أُلغي ربطه
devices-confirm-sign-out = تأكيد إلغاء الربط
devices-signing-out = جارٍ إلغاء الربط…
devices-sign-out = إلغاء الربط
devices-keep = إبقاء
devices-sign-out-ask = إلغاء الربط…

## الإيصالات (تُطبع بلغة المتجر)

print = طباعة
receipt-amount = المبلغ
receipt-excess = الزيادة
receipt-share-text = إيصالك من { $shop }
receipt-share-text-no-shop = إيصالك من المتجر
receipt-late-decide = استرداد أو قبول.
receipt-paid-with = طريقة الدفع
receipt-rate = سعر الصرف
receipt-state = الحالة
receipt-code = رمز الدفع
receipt-updated = آخر تحديث
refunds = عمليات الاسترداد
receipt-transactions = المعاملات
receipt-not-yet = لا يوجد إيصال لهذا الرابط بعد: لم يكتمل الدفع.
receipt-loading = جارٍ تحميل الإيصال…
receipt-back-payment = الدفع

## السجل

history-all = الكل
history-empty = لا توجد مدفوعات بعد.
history-filter = تصفية حسب الحالة
loading = جارٍ التحميل…
history-more = تحميل المزيد

## الاسترداد

refund = استرداد
refund-offer-excess = استرداد الزيادة
refund-offer-received = استرداد المبلغ المستلَم
refund-retry = إعادة محاولة الاسترداد
refund-type-full = استرداد كامل
refund-type-partial = استرداد جزئي
refund-type-underpaid = استرداد المبلغ المستلَم
refund-type-overpaid = استرداد الزيادة
refund-state-requested = طُلب الاسترداد
refund-state-refunded = تم الاسترداد
refund-state-unknown = أُرسل الاسترداد — جارٍ التحقق من النتيجة
refund-state-failed = لم يتم الاسترداد
refund-state-needs_attention = الاسترداد يحتاج إلى مراجعة — تواصل مع WCT Pay
refund-mark-attention = الاسترداد يحتاج إلى مراجعة
refund-mark-requested = طُلب الاسترداد
refund-mark-refunded = تم استرداد { $amount }
refund-hold-mismatch = لا استرداد جديد الآن: استرداد سابق لهذه الدفعة لا يطابق ما تُظهره WCT Pay. راجع الدفعة مع WCT Pay قبل الاسترداد مرة أخرى.
refund-hold-waiting = لا استرداد جديد الآن: استرداد سابق لهذه الدفعة لا يزال بانتظار WCT Pay. يمكن إجراء استرداد جديد حين يظهر كمسترد أو غير منفَّذ.
refund-not-made = لم يتم الاسترداد: { $reason }
refund-kind = نوع الاسترداد
refund-summary = المستلَم { $received } · يمكن استرداد حتى { $left }
refund-locked-store = أُدخل رمز PIN المدير خطأ مرات كثيرة: الاسترداد مقفل على كل أجهزة هذا المتجر. حاول مرة أخرى بعد { $wait }.
refund-locked-device = أُدخل رمز PIN المدير خطأ مرات كثيرة: الاسترداد مقفل على هذا الجهاز. حاول مرة أخرى بعد { $wait }.
refund-amount = المبلغ ({ $asset })
refund-contact = تتواصل WCT Pay مع العميل لمعرفة طريقة الاسترداد: أدخل بريدًا إلكترونيًا أو رقم جوال.
refund-email = بريد العميل الإلكتروني
refund-mobile = جوال العميل (+رمز الدولة)
refund-remarks = ملاحظات (اختياري)
refund-pin = رمز PIN للمدير
refund-busy = جارٍ الاسترداد…
refund-submit = استرداد { $amount }
close = إغلاق

## نهاية اليوم (يُطبع تقرير Z بلغة المتجر)

reports-title = نهاية اليوم
reports-day = اليوم
reports-scope = النطاق
reports-this-terminal = نقطة البيع هذه
reports-whole-store = المتجر كله
reports-csv = تنزيل CSV
reports-print = طباعة تقرير Z
reports-loading = جارٍ تحميل التقرير…
reports-save-failed = تعذّر حفظ الملف.
reports-empty = لا توجد مدفوعات في هذا اليوم.
reports-note-excess = زيادة { $amount }
reports-note-missing = ناقص { $missing } · البيع { $sale }
reports-note-refunded = مسترد { $amount }
reports-totals = المحصَّل: المبيعات المدفوعة والمدفوعة بزيادة، مع الإكراميات، بعد خصم المستردات
reports-lines = حسب الحالة (المدفوعة جزئيًا: ما تبقى)
reports-assets = حسب عملة الدفع: كل عملة مستلَمة، بما فيها الدفعات الجزئية والأموال المتأخرة (المقبول = المستلَم − المسترد)
reports-col-currency = العملة
reports-col-sales = المبيعات
reports-col-taken = المحصَّل (مع الإكراميات)
reports-col-tips = منها إكراميات
reports-col-due = المتبقي (مدفوعة جزئيًا)
reports-col-state = الحالة
reports-col-count = العدد
reports-col-asset = العملة
reports-col-kept = المقبول
bucket-paid = مدفوعة
bucket-overpaid = مدفوعة بزيادة
bucket-underpaid = مدفوعة جزئيًا
bucket-open = ما زالت مفتوحة
bucket-refunded = مستردّة
bucket-late = أموال متأخرة
bucket-received_on_closed = مستلَمة بعد الانتهاء/الإلغاء — للاسترداد أو القبول
bucket-kept = قُبلت كدفعة بعد الإغلاق
bucket-cancelled_expired = ملغاة / منتهية، لم يُستلم شيء
bucket-rejected = مرفوضة
z-report = تقرير Z
z-underpaid = مدفوعة جزئيًا × { $count } · المتبقي
z-part-paid = المدفوع جزئيًا حتى الآن (خارج المحصَّل)
z-taken =
    { $count ->
        [zero] المحصَّل (لا مبيعات)، مع الإكراميات
        [one] المحصَّل (عملية بيع واحدة)، مع الإكراميات
        [two] المحصَّل (عمليتا بيع)، مع الإكراميات
        [few] المحصَّل ({ $count } عمليات بيع)، مع الإكراميات
        [many] المحصَّل ({ $count } عملية بيع)، مع الإكراميات
       *[other] المحصَّل ({ $count } عملية بيع)، مع الإكراميات
    }
z-tips = منها إكراميات
z-asset-received = { $asset } المستلَم (كل الحالات)
z-asset-refunded = { $asset } المسترد
z-asset-kept = { $asset } المقبول
z-printed = طُبع في { $when }

## وضع الاختبار

sandbox-notice-strong = دفعة اختبار
sandbox-notice-text = وضع الاختبار: العنوان ليس حقيقيًا. لا ترسل أموالًا حقيقية.
test-mark = اختبار — وضع الاختبار، ليست أموالًا حقيقية

grid-title = المنتجات
grid-categories = الفئات
grid-all = الكل
grid-search = ابحث بالاسم أو الباركود
grid-add = إضافة واحد من { $name }
grid-none = لا يوجد منتج مطابق.
scan-added = تمت إضافة { $name }
scan-unknown = باركود غير معروف { $code }: لا يوجد منتج يحمله.
cart-item-discount = الخصم
cart-discount-hint = 10% أو 2.00
cart-sale-discount = خصم على البيع كله
cart-discount-total = الخصومات:
cart-pin = رمز PIN للمدير (لهذا الخصم)
cart-pin-needed = يتطلب خصم بهذا الحجم رمز PIN الخاص بالمدير.
cart-qty-less = الصنف { $number }: واحد أقل
cart-qty-more = الصنف { $number }: واحد أكثر
cart-stale-notice = تغيّر الكتالوج منذ إضافة هذه الأصناف: راجع الأسطر المعلَّمة ثم حصّل المبلغ مرة أخرى.
cart-stale-price = أصبح سعر { $name } { $new } { $currency } (كان { $old }).
cart-stale-tax = أصبح { $name } خاضعًا لنسبة ضريبة أخرى.
cart-stale-gone = لم يعد { $name } يُباع.
cart-stale-remove = لم يعد يُباع: احذف هذا السطر.
charge-cart-stale = تغيّرت بعض الأسعار أثناء هذا البيع. لم يُحصَّل أي مبلغ: السلة الآن بالأسعار الحالية، راجعها ثم حصّل المبلغ مرة أخرى.
tax-rate = النسبة
tax-discount = الخصم
tax-net = الصافي
tax-tax = الضريبة
tax-gross = الإجمالي
tax-untaxed = غير خاضع للضريبة

receipt-tax-id = الرقم الضريبي
receipt-number = رقم الإيصال
receipt-supplied-at = وقت التوريد
receipt-terminal = الصندوق
receipt-discount = خصم
receipt-sale-line = بيع
receipt-discounts = الخصومات
receipt-credit-note = إشعار دائن { $number } للإيصال { $receipt }

reports-tax = الضريبة حسب النسبة
reports-col-receipts = الإيصالات
reports-receipts = أرقام الإيصالات والإشعارات الدائنة
reports-col-document = المستند
reports-first-receipt = أول إيصال
reports-last-receipt = آخر إيصال

rules-tax = الضرائب
rules-rate = نسبة الضريبة { $number }
rules-rate-id = الرمز (مثل standard)
rules-rate-id-head = الرمز
rules-rate-name = الاسم على الإيصال
rules-rate-percent = النسبة المئوية
rules-rate-remove = حذف نسبة الضريبة { $number }
rules-rate-add = + نسبة ضريبة
rules-default-rate = النسبة الافتراضية (المبالغ المدخلة من لوحة الأرقام)
rules-exclusive = الأسعار قبل الضريبة (تُضاف الضريبة عند الصندوق كما في الولايات المتحدة)
rules-tips-taxed = البقشيش خاضع للضريبة (بالنسبة الافتراضية)
rules-currency = عملة المتجر (أسعار المنتجات)
rules-max-discount = الخصومات التي تتجاوز هذه النسبة (%) من البيع تتطلب رمز PIN للمدير
rules-receipt = بيانات الإيصال
rules-legal-name = الاسم القانوني للنشاط التجاري
rules-address = العنوان (سطر لكل سطر)
rules-tax-id = الرقم الضريبي
rules-footer = نص التذييل (اختياري)
rules-prefix = بادئة رقم الإيصال (مثل R-)
