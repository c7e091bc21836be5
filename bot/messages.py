"""Every user-facing sentence, in Vietnamese, in one place for review."""

from __future__ import annotations

NO_ANSWER = "Xin lỗi, mình chưa có số liệu để trả lời câu này."
NOT_SURE = (
    "Mình chưa chắc số liệu nào trả lời đúng câu này. Câu gần nhất mình tìm được trong các bài:"
)
SUGGESTIONS_HEADER = "Bạn có thể hỏi, ví dụ:"
SOURCE_LABEL = "Nguồn: "
HISTORY_HEADER = "Các số liệu trước đó:"
NEWER_HEADER = "Số liệu mới hơn:"
ALSO_IN_SENTENCE = "Cùng câu: "
RANKED_FIRST = "đứng đầu"
RANKED_AT = "đứng thứ {position}"
RANKED_LAST = "đứng cuối"
RANKED_RISE = "tăng mạnh nhất"
RANKED_FALL = "giảm mạnh nhất"
TOP_LIST = "Top {count}"
DATE_YEAR = "năm {year}"
DATE_MONTH = "tháng {month}/{year}"
ALSO_REPORTED = "Cùng số liệu: "
DISAGREEMENT = "⚠️ Các nguồn đưa số liệu khác nhau cho cùng thời điểm; hãy xem trích dẫn."
UNKNOWN_DATE = "không rõ ngày"
KIND_PREFIX = {"target": "Mục tiêu: ", "forecast": "Dự báo: ", "change": ""}

# -- Telegram bot and terminal chat (bot/app.py, handlers/, bot/queries.py, bot/console.py) ----
WELCOME = (
    "Xin chào! Mình trả lời câu hỏi về Chính phủ điện tử, Chính phủ số của Việt Nam bằng số "
    "liệu chính xác, kèm nguồn trích dẫn.\nHãy gõ câu hỏi, hoặc chọn một câu hỏi mẫu:"
)
EXAMPLES_HEADER = "Câu hỏi mẫu:"
BUTTON_QUOTE = "📄 Trích dẫn"
BUTTON_UP = "👍"
BUTTON_DOWN = "👎"
FEEDBACK_THANKS = "Cảm ơn bạn đã góp ý!"
FEEDBACK_GONE = "Không tìm thấy câu hỏi này để ghi nhận góp ý."
QUOTE_GONE = "Trích dẫn này không còn trong kho dữ liệu."
QUESTION_GONE = "Câu hỏi này không còn nữa, bạn hãy gõ lại nhé."
RATE_LIMITED = "Bạn hỏi hơi nhanh 🙂 Đợi khoảng một phút rồi hỏi tiếp nhé."
ERROR = "Xin lỗi, đã có lỗi xảy ra. Bạn thử lại sau ít phút nhé."
ASK_WHAT = "Bạn muốn hỏi gì về Chính phủ điện tử?"
INLINE_EXAMPLE_DESCRIPTION = "Câu hỏi mẫu — chọn để gửi câu trả lời"
RANK_UN_TITLE = "Xếp hạng Chính phủ điện tử của Việt Nam (Liên Hợp Quốc)"
RANK_YEAR = "Năm {year}"
RANK_UNKNOWN_YEAR = "Không rõ năm"
RANK_INDEX_VALUE = "Giá trị chỉ số"
RANK_TARGETS = "Mục tiêu"
RANK_MINISTRIES_TITLE = "Xếp hạng Chính phủ điện tử các bộ, ngành"
RANK_PROVINCES_TITLE = "Xếp hạng ứng dụng CNTT, Chính quyền điện tử các tỉnh, thành"
RANK_ENTITY_TITLE = "Xếp hạng của {name}"
RANK_SCHEMES = {
    "un_egdi": "Liên Hợp Quốc",
    "ministries": "Các bộ, ngành",
    "provinces": "Các tỉnh, thành",
    "countries": "Các nước (xếp hạng khác)",
}
RANK_NONE = "Chưa có số liệu xếp hạng trong kho."
UNKNOWN_ENTITY = "Mình không tìm thấy “{name}” trong danh sách bộ, ngành, tỉnh, thành."
NO_RANKING_FOR = "Mình chưa có số liệu xếp hạng của {name}."
KNOWN_RANKINGS = "Mình có xếp hạng của: {names}."
RANK_CHART_CAPTION = "Thứ hạng Chính phủ điện tử của Việt Nam theo năm (Liên Hợp Quốc)"
RANK_CHART_AXIS = "Thứ hạng (1 = cao nhất)"
RANK_WORLD_LINE = "Thế giới"
RANK_ENTITY_CHART = "Thứ hạng của {name} theo năm"
RANK_SCHEME_CHART = "{title}, năm {year}"
RANK_SCHEME_HISTORY = "{title} theo năm"
RANK_TARGET_STEPS = "tăng {steps}"
DVCTT_TITLE = "Dịch vụ công trực tuyến"
DVCTT_PORTAL = "Cổng Dịch vụ công quốc gia"
DVCTT_LEVELS = "Tỷ lệ dịch vụ công trực tuyến theo mức độ"
DVCTT_TARGETS = "Mục tiêu"
DVCTT_ENTITY_TITLE = "Số liệu của {name}"
DVCTT_NONE = "Chưa có số liệu dịch vụ công trực tuyến trong kho."
NO_FACTS_FOR = "Mình chưa có số liệu của {name}."
KNOWN_FACTS = "Mình có số liệu của: {names}."
DVCTT_CHART_CAPTION = "Tỷ lệ dịch vụ công trực tuyến {level} theo năm"
DVCTT_CHART_TARGET = "Mục tiêu {when}: {value}%"
DVCTT_MORE = "Tóm tắt các số liệu mới nhất; xem tất cả: /dvctt tatca"
CHART_NOT_ENOUGH = "Chưa đủ số liệu qua nhiều năm để vẽ biểu đồ; đây là các số liệu đang có."
DVCTT_MORE_BUTTON = "📋 Xem tất cả số liệu"
WHOLE_PROCESS = "Toàn trình"
PART_PROCESS = "Một phần"
DVCTT_CHART_AXIS = "Tỷ lệ (%)"
LEVEL_LABEL = "Mức độ {level}"
SOURCES_TITLE = "Các bài viết làm nguồn số liệu"
SOURCES_NONE = "Chưa có bài viết nào trong kho."
SOURCES_HEADER = "Nguồn:"
UNKNOWN_OUTLET = "không rõ nơi đăng"
CONSOLE_BANNER = (
    "egov-bot — chế độ trò chuyện trong terminal (chưa đặt TELEGRAM_BOT_TOKEN).\n"
    "Để chạy bot Telegram thật: tạo bot với @BotFather, rồi đặt biến môi trường "
    "TELEGRAM_BOT_TOKEN=<token> và chạy lại `python -m bot run`.\n"
    "Gõ câu hỏi, hoặc /help, /rank, /dvctt, /nguon, /trichdan; /thoat hoặc Ctrl-D để thoát."
)
CONSOLE_NO_QUOTE = "Chưa có câu trả lời nào để trích dẫn."
CONSOLE_BYE = "Tạm biệt!"
CONSOLE_CHART_NOTE = (
    "(Biểu đồ hiển thị trên Telegram; lưu thành ảnh PNG bằng `python -m bot charts --out DIR`.)"
)

# -- daily digest (bot/digest.py, handlers/digest.py) -----------------------------------------
DIGEST_TITLE = "📊 Bản tin Chính phủ số ngày {day}"
DIGEST_EMPTY = "Hiện chưa có số liệu nào để gửi."
DIGEST_AGE = "Số liệu năm {years}, theo các bài báo trong kho (mỗi mục ghi thời điểm của số liệu)."
DIGEST_FOOTER = "Hỏi thêm bất kỳ số liệu nào bằng cách nhắn câu hỏi cho bot."
DIGEST_LINK = "Đọc bài"
DIGEST_SUBSCRIBED = (
    "Đã đăng ký bản tin hằng ngày cho {chat}: {count} số liệu lúc {time} (giờ Việt Nam). "
    "Huỷ bằng /unsubscribe."
)
DIGEST_UNSUBSCRIBED = "Đã huỷ bản tin hằng ngày cho {chat}."
DIGEST_NOT_SUBSCRIBED = "{chat} chưa đăng ký bản tin hằng ngày."
DIGEST_THIS_CHAT = "cuộc trò chuyện này"
DIGEST_ADMINS_ONLY = "Chỉ quản trị viên của nhóm mới đăng ký hoặc huỷ được bản tin."
DIGEST_BAD_TIME = (
    "Giờ không hợp lệ. Dùng dạng HH:MM (giờ Việt Nam), ví dụ: /subscribe 07:30 "
    "hoặc /subscribe @kenh_cua_ban 07:30."
)
DIGEST_CHANNEL_NOT_FOUND = "Không tìm thấy kênh {channel} (hoặc bot chưa được thêm vào kênh)."
DIGEST_CHANNEL_ADMINS_ONLY = "Bạn cần là quản trị viên của kênh {channel} để đăng ký bản tin."
DIGEST_BOT_CANNOT_POST = (
    "Hãy thêm bot làm quản trị viên có quyền đăng bài trong kênh {channel}, rồi thử lại."
)

# -- operators (bot/admin.py, handlers/admin.py) ----------------------------------------------
CHAT_RATE_LIMITED = "Nhóm đang hỏi hơi nhiều 🙂 Mọi người đợi khoảng một phút rồi hỏi tiếp nhé."
ADMIN_ONLY = "Xin lỗi, chỉ quản trị viên của bot mới dùng được lệnh này."
ADMIN_DOCUMENTS_ONLY = (
    "Cảm ơn bạn! Hiện chỉ quản trị viên của bot mới gửi được bài viết. "
    "Bạn cứ gõ câu hỏi bằng chữ nhé."
)
ADMIN_ADDED = "✅ Đã thêm bài “{title}” (mã {id}): {facts} số liệu, {rankings} xếp hạng."
ADMIN_REPLACED = "✅ Đã cập nhật bài “{title}” (mã {id}): {facts} số liệu, {rankings} xếp hạng."
ADMIN_UNCHANGED = "Bài “{title}” (mã {id}) đã có trong kho, không có gì thay đổi."
ADMIN_REJECTED = "❌ Không thêm được bài: {reason}\nKho dữ liệu không thay đổi."
ADMIN_FIGURES_HEADER = "Một số số liệu lấy được:"
ADMIN_META = "Nguồn: {source}"
ADMIN_MORE_FIGURES = "… và {count} số liệu khác"
ADMIN_DROPPED = (
    "Đã bỏ {count} dòng không thuộc nội dung bài (tiêu đề mục, chú thích, tin liên quan…)."
)
ADMIN_INFERRED = "Suy ra từ nội dung bài: {fields}."
ADMIN_FIELD_NAMES = {"title": "tiêu đề", "published": "ngày đăng", "outlet": "nơi đăng"}
ADMIN_NOTE_BAD_DATE = "Bỏ qua ngày không hợp lệ trong chú thích: {value}"
ADMIN_NOTE_EXTRA = "Bỏ qua phần chú thích không hiểu được: {value}"
ADMIN_METADATA_HINT = (
    "Mẹo: gửi kèm chú thích “tên báo | đường link | ngày đăng” để ghi nguồn đầy đủ."
)
ADMIN_BAD_TYPE = "{name}: chỉ nhận tệp .txt, .md hoặc .html"
ADMIN_TOO_LARGE = "{name}: tệp quá lớn ({size} byte, tối đa {limit} byte)"
ADMIN_BINARY = "{name}: tệp nhị phân, không phải văn bản"
ADMIN_NOT_UTF8 = "{name}: không phải văn bản UTF-8; hãy lưu lại tệp với mã hóa UTF-8"
ADMIN_NO_FACTS = "{name}: không tìm thấy số liệu nào trong bài"
ADMIN_DUPLICATE = "{name}: trùng nội dung với bài đã có (mã {id})"
ADMIN_EMPTY_PASTE = "bài dán vào chưa có nội dung (dòng đầu là tiêu đề, các dòng sau là bài)"
ADMIN_ADD_USAGE = (
    "Cách thêm bài viết:\n"
    "• Gửi tệp .txt, .md hoặc .html (tối đa {limit} KB), có thể kèm chú thích "
    "“tên báo | đường link | ngày đăng”;\n"
    "• hoặc gõ /them rồi dán bài: dòng đầu là tiêu đề, dòng thứ hai có thể là "
    "“tên báo | đường link | ngày đăng”, sau đó là nội dung;\n"
    "• hoặc trả lời tin nhắn chứa bài bằng /them."
)
ADMIN_DOWNLOAD_FAILED = "Không tải được tệp từ Telegram, bạn thử gửi lại nhé."
ADMIN_REMOVED = "🗑 Đã xoá bài “{title}” (mã {id}) cùng {facts} số liệu."
ADMIN_REMOVED_BUNDLED = (
    "Lưu ý: bài này có tệp trong thư mục bài viết của bot nên sẽ được nạp lại khi bot khởi động "
    "lại; hãy xoá cả tệp để bỏ hẳn."
)
ADMIN_REMOVE_USAGE = "Cách dùng: /xoa <mã bài hoặc tên bài>. Các bài hiện có:"
ADMIN_REMOVE_AMBIGUOUS = "Có nhiều bài khớp “{query}”; hãy gõ /xoa kèm mã bài:"
ADMIN_REMOVE_NOT_FOUND = "Không tìm thấy bài nào khớp “{query}”. Các bài hiện có:"
ADMIN_ARTICLE_ITEM = "• {id} — {title}"
ADMIN_MORE = "… và {count} bài khác"
STATS_TITLE = "📈 Thống kê {days} ngày qua (từ {since}, giờ Việt Nam)"
STATS_TOTAL = "Câu hỏi: {asked}; trả lời được: {answered} ({share})"
STATS_DAYS_HEADER = "Theo ngày:"
STATS_DAY = "• {day}: {asked} câu, trả lời được {answered}"
STATS_UNANSWERED_HEADER = "Câu hỏi chưa trả lời được, hỏi nhiều nhất:"
STATS_UNANSWERED_ITEM = "• {count} lần: {question}"
STATS_DISLIKED_HEADER = "Câu trả lời bị 👎 nhiều nhất:"
STATS_DISLIKED_ITEM = "• {down} 👎, {up} 👍: {answer} — hỏi: “{question}”"
STATS_SUBSCRIBERS = "Đăng ký bản tin: {count}"
STATS_SUBSCRIBER_KINDS = {
    "private": "cá nhân",
    "group": "nhóm",
    "supergroup": "nhóm",
    "channel": "kênh",
}
STATS_STORE = "Kho dữ liệu: {articles} bài, {facts} số liệu"
STATS_NONE = "• (chưa có)"
DIGEST_NEEDS_TOKEN = (
    "Chưa có TELEGRAM_BOT_TOKEN: đặt biến môi trường TELEGRAM_BOT_TOKEN=<token từ @BotFather>"
    " (hoặc ghi vào tệp .env) rồi chạy lại để gửi bản tin."
)
DIGEST_HANDED_OVER = "Bot đang chạy và giữ quyền gửi bản tin: đã nhờ bot gửi ngay, đang chờ…"
DIGEST_HANDOVER_TIMEOUT = "Bot chưa gửi xong bản tin sau thời gian chờ; xem nhật ký của bot."
ADMIN_PRIVATE_ONLY = (
    "Lệnh dành cho người quản trị chỉ dùng được trong tin nhắn riêng với bot, không dùng trong"
    " nhóm hay kênh."
)
BUTTON_STALE = "Nút này đã cũ hoặc không hợp lệ. Bạn hãy gửi lại câu hỏi nhé."
NO_FIGURES = "không tìm thấy số liệu nào trong bài (bot chỉ lưu bài có số liệu)"
STATS_DELIVERIES_HEADER = "Bản tin đã gửi theo ngày (đã gửi / không rõ đã tới / lỗi / đang chờ):"
STATS_DELIVERY_DAY = "• {day}: {sent} / {uncertain} / {failed} / {pending}"
SMALL_TALK = {
    "greeting": "Chào bạn! Mình trả lời câu hỏi về Chính phủ điện tử, Chính phủ số của Việt Nam"
    " bằng số liệu có nguồn. Bạn thử hỏi, ví dụ:",
    "thanks": "Rất vui được giúp bạn! Bạn muốn hỏi thêm gì không? Ví dụ:",
    "who": "Mình là bot hỏi đáp số liệu Chính phủ điện tử, Chính phủ số của Việt Nam: mỗi con"
    " số đều kèm bài báo làm nguồn. Bạn có thể hỏi, ví dụ:",
    "what": "Mình biết các số liệu trong những bài báo đã nạp: xếp hạng Chính phủ điện tử của"
    " Liên Hợp Quốc, chỉ số chuyển đổi số (DTI), Cổng Dịch vụ công quốc gia, dịch vụ công"
    " trực tuyến, Đề án 06… Dùng /nguon để xem các bài. Ví dụ:",
    "insult": "Mình xin lỗi nếu câu trả lời chưa như ý. Bạn thử hỏi lại cụ thể hơn (tên tỉnh,"
    " năm, chỉ số), ví dụ:",
    "bye": "Tạm biệt bạn, hẹn gặp lại!",
    "nonsense": "Mình chưa hiểu câu này. Mình trả lời câu hỏi về số liệu Chính phủ điện tử, ví dụ:",
}
RANK_UP = "tăng"
RANK_DOWN = "giảm"
VALUE_UP = "tăng"
VALUE_DOWN = "giảm"
TIMES_UP = "gấp"
TIMES_DOWN = "bằng"
"""Before a ratio of two years' values, the later over the earlier: "gấp 1,2 lần", "bằng 0,8
lần"."""
UNCHANGED = "giữ nguyên"
COMPARISON_HEAD = "{subject}: {direction} {change}"
COMPARISON_LINE = "• {figure} — {period} ({source})"
HELP_HEAD = "Cách dùng: gõ câu hỏi, ví dụ “Việt Nam xếp hạng Chính phủ điện tử thứ mấy?”, hoặc:"
HELP_TELEGRAM_ONLY = " (chỉ dùng trong Telegram)"
HELP_TELEGRAM_TAIL = (
    "Hỏi tiếp được: “còn năm 2018?”, “còn Đà Nẵng thì sao?”. Trong nhóm: nhắc @{username} hoặc"
    " trả lời tin nhắn của bot. Ở bất kỳ cuộc trò chuyện nào: gõ @{username} kèm câu hỏi."
)
HELP_TERMINAL_TAIL = (
    "Hỏi tiếp được: “còn năm 2018?”, “còn Đà Nẵng thì sao?”. Gõ số để hỏi câu hỏi mẫu;"
    " /thoat hoặc Ctrl-D để thoát."
)
CONSOLE_TELEGRAM_ONLY = "Lệnh /{name} chỉ dùng được trong Telegram (cần TELEGRAM_BOT_TOKEN)."
UNKNOWN_COMMAND = "Không có lệnh /{name}. Gõ /help để xem các lệnh."
NO_LAST_ANSWER = "Chưa có câu trả lời nào để trích dẫn: bạn hãy hỏi một câu trước."
