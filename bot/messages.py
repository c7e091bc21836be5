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
