# The customer's payment page in Arabic (right to left): the same messages and variables as en.ftl.

page-title = دفعة إلى { $shop }
page-payment-to = الدفع إلى
page-link-title = رابط الدفع
error-link-invalid = رابط الدفع هذا غير صالح.
error-too-many = طلبات كثيرة جدًا من هذه الشبكة. انتظر دقيقة ثم أعد تحميل الصفحة.
error-unavailable = لا يمكن عرض هذه الدفعة الآن. أعد تحميل الصفحة بعد قليل.
sandbox-notice-strong = دفعة تجريبية
sandbox-notice-text = بيئة تجريبية: العنوان غير حقيقي. لا ترسل أموالًا حقيقية.
test-mark = تجربة — بيئة تجريبية، ليست أموالًا حقيقية
state-awaiting = بانتظار الدفع
state-pending = تم رصد الدفعة — جارٍ التأكيد
state-underpaid = مدفوعة جزئيًا
state-paid = مدفوعة
state-overpaid = مدفوعة بزيادة
state-expired = منتهية الصلاحية
state-cancelled = ملغاة
state-refunded = مستردة
state-rejected = لم يتم إنشاؤها
state-late = وصلت بعد الإغلاق
refunds-label = المبالغ المستردة
refund-type-full = استرداد كامل
refund-type-partial = استرداد جزئي
refund-type-underpaid = استرداد ما أرسلته
refund-type-overpaid = استرداد المبلغ الزائد
refund-state-requested = مطلوب
refund-state-refunded = تم الاسترداد
refund-state-unknown = قيد التحقق
refund-state-failed = لم يتم
refund-state-needs_attention = المتجر يتحقق من ذلك
balance-received = المستلم { $amount }
balance-still-missing = المتبقي
balance-excess = مدفوع بزيادة { $amount }
qr-label = رمز QR لدفع { $amount }
qr-too-long = هذه الدفعة أطول من أن تُعرض في رمز QR.
qr-fiat-still-due = ≈ { $amount } متبقٍ
qr-fiat-rest = باقي السعر
price-with-tip = { $total } ({ $sale } + { $tip } إكرامية)
countdown-label = السعر صالح لمدة
countdown-expired = انتهت صلاحية السعر
countdown-seconds-left = { $seconds ->
    [zero] لا ثوانٍ متبقية بهذا السعر
    [one] ثانية واحدة متبقية بهذا السعر
    [two] ثانيتان متبقيتان بهذا السعر
    [few] { $seconds } ثوانٍ متبقية بهذا السعر
    [many] { $seconds } ثانية متبقية بهذا السعر
   *[other] { $seconds } ثانية متبقية بهذا السعر
}
countdown-minutes-left = { $minutes ->
    [zero] لا دقائق متبقية بهذا السعر
    [one] دقيقة واحدة متبقية بهذا السعر
    [two] دقيقتان متبقيتان بهذا السعر
    [few] { $minutes } دقائق متبقية بهذا السعر
    [many] { $minutes } دقيقة متبقية بهذا السعر
   *[other] { $minutes } دقيقة متبقية بهذا السعر
}
due-amount-to-pay = المبلغ المطلوب دفعه
due-partly-paid = مدفوعة جزئيًا — أرسل الباقي
due-on-network = على شبكة { $network }
fiat-for = مقابل { $price }
fiat-still-due-of = { $due } متبقٍ من { $price }
fiat-of = من { $price }
address = العنوان
copy = نسخ
copied = تم النسخ ✓
memo = وسم الوجهة / المذكرة:
scan-hint = امسح الرمز بتطبيق محفظتك، أو انسخ العنوان والمبلغ.
paid = تم الدفع
paid-overpaid = تم الدفع (بزيادة)
paid-received = المستلم { $amount }
paid-thanks = شكرًا لك!
paid-when = تم الدفع في { $when }
paid-excess = أرسلت { $excess } زيادة. يمكن للمتجر رد المبلغ الزائد.
view-receipt = عرض الإيصال
receipt-link = رابط الإيصال
send-receipt = إرسال الإيصال
link-copied = تم نسخ الرابط ✓
share-email = البريد الإلكتروني
receipt-share-text = إيصالك من { $shop }
closed-expired = انتهت صلاحية هذه الدفعة. اطلب دفعة جديدة من المتجر.
closed-cancelled = أُلغيت هذه الدفعة.
closed-rejected = تعذّر إنشاء هذه الدفعة. اطلب دفعة جديدة من المتجر.
closed-late = وصلت أموالك بعد إغلاق هذه الدفعة. سيقوم المتجر بردّها أو قبولها.
closed-refunded = تم استرداد هذه الدفعة.
offline = أنت غير متصل. ستتحدث الصفحة عند عودة الاتصال.
language = اللغة
language-change = تغيير
