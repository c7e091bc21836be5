"""Every user-facing sentence, in Vietnamese, in one place for review."""

from __future__ import annotations

NO_ANSWER = "Xin lỗi, mình chưa có số liệu để trả lời câu này."
SUGGESTIONS_HEADER = "Bạn có thể hỏi, ví dụ:"
SOURCE_LABEL = "Nguồn: "
HISTORY_HEADER = "Các số liệu trước đó:"
ALSO_IN_SENTENCE = "Cùng câu: "
DISAGREEMENT = "⚠️ Các nguồn đưa số liệu khác nhau cho cùng thời điểm; hãy xem trích dẫn."
UNKNOWN_DATE = "không rõ ngày"
KIND_PREFIX = {"target": "Mục tiêu: ", "forecast": "Dự báo: ", "change": ""}

# -- Telegram bot and terminal chat (bot/app.py, handlers/, bot/queries.py, bot/console.py) ----
WELCOME = (
    "Xin chào! Mình trả lời câu hỏi về Chính phủ điện tử, Chính phủ số của Việt Nam bằng số "
    "liệu chính xác, kèm nguồn trích dẫn.\nHãy gõ câu hỏi, hoặc chọn một câu hỏi mẫu:"
)
HELP = (
    "Cách dùng:\n"
    "• Gõ câu hỏi, ví dụ: “Việt Nam xếp hạng Chính phủ điện tử thứ mấy?”\n"
    "• /rank — xếp hạng Chính phủ điện tử của Việt Nam theo Liên Hợp Quốc\n"
    "• /rank bo — xếp hạng các bộ, ngành; /rank tinh — xếp hạng các tỉnh, thành\n"
    "• /rank &lt;tên bộ hoặc tỉnh&gt; — ví dụ /rank hue, /rank bo y te\n"
    "• /dvctt — số liệu dịch vụ công trực tuyến; /dvctt &lt;tỉnh&gt; cho một tỉnh\n"
    "• /nguon — các bài viết làm nguồn số liệu\n"
    "Trong nhóm: nhắc @{username} hoặc trả lời tin nhắn của mình để hỏi.\n"
    "Ở bất kỳ cuộc trò chuyện nào: gõ @{username} kèm câu hỏi."
)
EXAMPLES_HEADER = "Câu hỏi mẫu:"
COMMAND_DESCRIPTIONS_PRIVATE = {
    "start": "Bắt đầu, câu hỏi mẫu",
    "help": "Hướng dẫn sử dụng",
    "rank": "Xếp hạng Chính phủ điện tử (/rank bo, /rank tinh, /rank hue)",
    "dvctt": "Số liệu dịch vụ công trực tuyến",
    "nguon": "Các bài viết làm nguồn số liệu",
}
COMMAND_DESCRIPTIONS_GROUP = {
    "help": "Hướng dẫn sử dụng trong nhóm",
    "rank": "Xếp hạng Chính phủ điện tử",
    "dvctt": "Số liệu dịch vụ công trực tuyến",
    "nguon": "Các bài viết làm nguồn số liệu",
}
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
}
RANK_NONE = "Chưa có số liệu xếp hạng trong kho."
UNKNOWN_ENTITY = "Mình không tìm thấy “{name}” trong danh sách bộ, ngành, tỉnh, thành."
NO_RANKING_FOR = "Mình chưa có số liệu xếp hạng của {name}."
KNOWN_RANKINGS = "Mình có xếp hạng của: {names}."
RANK_CHART_CAPTION = "Thứ hạng Chính phủ điện tử của Việt Nam theo năm (Liên Hợp Quốc)"
RANK_CHART_AXIS = "Thứ hạng (1 = cao nhất)"
DVCTT_TITLE = "Dịch vụ công trực tuyến"
DVCTT_PORTAL = "Cổng Dịch vụ công quốc gia"
DVCTT_LEVELS = "Tỷ lệ dịch vụ công trực tuyến theo mức độ"
DVCTT_TARGETS = "Mục tiêu"
DVCTT_ENTITY_TITLE = "Số liệu của {name}"
DVCTT_NONE = "Chưa có số liệu dịch vụ công trực tuyến trong kho."
NO_FACTS_FOR = "Mình chưa có số liệu của {name}."
KNOWN_FACTS = "Mình có số liệu của: {names}."
DVCTT_CHART_CAPTION = "Tỷ lệ dịch vụ công trực tuyến mức độ 4 theo năm"
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
CONSOLE_HELP = (
    "Lệnh: /start, /help, /rank [bo|tinh|tên], /dvctt [tỉnh], /nguon, "
    "/trichdan (câu gốc của câu trả lời vừa rồi), /thoat. Gõ số để hỏi câu hỏi mẫu."
)
CONSOLE_NO_QUOTE = "Chưa có câu trả lời nào để trích dẫn."
CONSOLE_BYE = "Tạm biệt!"
CONSOLE_CHART_NOTE = "(Biểu đồ chỉ hiển thị trên Telegram.)"

# -- daily digest (bot/digest.py, handlers/digest.py) -----------------------------------------
DIGEST_TITLE = "📊 Bản tin Chính phủ số ngày {day}"
DIGEST_EMPTY = "Hiện chưa có số liệu nào để gửi."
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
