"""Reading article files: decoding, metadata, boilerplate removal, published-date inference."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.ingest.clean import RejectedArticle, load_manifest, parse_article
from tests.conftest import CorpusArticle

BODY = (
    "Hội nghị tổng kết công tác xây dựng chính quyền điện tử của tỉnh diễn ra tại trụ sở "
    "Ủy ban nhân dân với nhiều đại biểu tham dự."
)
FOREIGN = [
    "iPhone",
    "Chrome",
    "ChatGPT",
    "AFF",
    "SeABank",
    "VFF",
    "Công Phượng",
    "karaoke",
    "Bphone",
    "Grand Ring",
    "tín dụng",
]


def parse(text: str, name: str = "bai.txt") -> tuple[dt.date | None, list[str], list[str]]:
    parsed = parse_article(text.encode(), Path(name))
    return parsed.article.published, parsed.paragraphs, parsed.dropped


# -- boilerplate -----------------------------------------------------------------------------


def test_no_fact_quotes_page_furniture(
    corpus: dict[str, CorpusArticle], fixture_corpus: dict[str, CorpusArticle]
) -> None:
    for item in [*corpus.values(), *fixture_corpus.values()]:
        for fact in item.extraction.facts:
            for word in FOREIGN:
                assert word.lower() not in fact.quote.lower(), (word, fact.quote)


def test_bundled_body_has_no_furniture(corpus: dict[str, CorpusArticle]) -> None:
    for item in corpus.values():
        title = item.parsed.article.title
        for paragraph in item.parsed.paragraphs:
            assert "|" not in paragraph
            assert "(Ảnh" not in paragraph
            assert not paragraph.startswith(("-", "·", "•"))
            assert paragraph != title
            assert "责任编辑" not in paragraph
            assert "Đọc thêm" not in paragraph
            assert "Chia sẻ bài viết" not in paragraph


def test_bundled_titles_and_outlets(corpus: dict[str, CorpusArticle]) -> None:
    articles = {key[:3]: item.parsed.article for key, item in corpus.items()}
    assert articles["000"].title == "Chuyển đổi số để hồi phục nhanh hơn trong giai đoạn hậu Covid"
    assert articles["001"].title == "Hà Tĩnh đẩy mạnh xây dựng chính quyền điện tử"
    assert articles["001"].outlet == "Baohatinh.vn"
    assert articles["002"].title == "86,5% văn bản điện tử được trao đổi qua mạng"
    assert articles["003"].title == "Nga hỗ trợ Việt Nam xây dựng chính phủ điện tử"


def test_fixture_furniture_dropped(fixture_corpus: dict[str, CorpusArticle]) -> None:
    parsed = fixture_corpus["danang_cds"].parsed
    body = "\n".join(parsed.paragraphs)
    dropped = "\n".join(parsed.dropped)
    for furniture in [
        "Giá vàng",
        "Du lịch Đà Nẵng đón",
        "Khởi công cầu vượt",
        "(Ảnh: Ngọc Hà)",
        "ứng dụng đặt phòng",
        "Vé máy bay",
        "Đọc thêm",
    ]:
        assert furniture not in body
        assert furniture in dropped
    assert body.startswith("Sáng 15/4")  # the outlet mark is cut from the lede
    assert parsed.paragraphs.count(parsed.article.title) == 0


def test_end_markers_cut_the_rest(fixture_corpus: dict[str, CorpusArticle]) -> None:
    for name, marker in [
        ("quangninh_dvc", "Chia sẻ bài viết"),
        ("longan_cqdt", "(责任编辑: Minh Châu)"),
    ]:
        parsed = fixture_corpus[name].parsed
        assert marker in parsed.dropped
        assert not any(marker in p for p in parsed.paragraphs)
    longan = "\n".join(fixture_corpus["longan_cqdt"].parsed.paragraphs)
    assert "concert" not in longan and "tín dụng" not in longan


def test_caption_heading_and_repeated_lines() -> None:
    text = (
        "Tiêu đề bài viết\n\n"
        f"{BODY}\n\n"
        "Tiêu đề bài viết\n\n"
        "Đại biểu dự hội nghị (Ảnh: Minh Hà)\n\n"
        "Một tiêu đề phụ không có dấu câu\n\n"
        f"{BODY}\n\n"
        "Tin A | Tin B\n\n"
        "• Tin vắn thứ nhất.\n"
    )
    _, paragraphs, dropped = parse(text)
    assert paragraphs == [BODY]
    assert "Đại biểu dự hội nghị (Ảnh: Minh Hà)" in dropped
    assert "Một tiêu đề phụ không có dấu câu" in dropped
    assert "Tin A | Tin B" in dropped


def test_front_matter_and_manifest(tmp_path: Path) -> None:
    text = f"---\ntitle: Bài có siêu dữ liệu\noutlet: Báo A\npublished: 2021-05-04\n---\n{BODY}\n"
    path = tmp_path / "x1.txt"
    parsed = parse_article(text.encode(), path)
    assert (parsed.article.title, parsed.article.outlet) == ("Bài có siêu dữ liệu", "Báo A")
    assert parsed.article.published == dt.date(2021, 5, 4)
    assert parsed.article.inferred == ()
    (tmp_path / "manifest.toml").write_text(
        '[x1]\ntitle = "Tên từ manifest"\nurl = "https://example.vn/a"\npublished = "04/06/2021"\n',
        encoding="utf-8",
    )
    manifest = load_manifest(tmp_path)
    parsed = parse_article(text.encode(), path, manifest)
    assert parsed.article.title == "Tên từ manifest"
    assert parsed.article.url == "https://example.vn/a"
    assert parsed.article.published == dt.date(2021, 6, 4)
    assert load_manifest(tmp_path / "none") == {}


# -- published date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (
            "Tiêu đề bài viết\n\nNgày 9/9, hội thảo Chính phủ điện tử năm 2021 được tổ chức.\n\n"
            + BODY,
            dt.date(2021, 9, 9),
        ),
        (
            "Tiêu đề bài viết\n\nChiều 26/8, hội nghị trực tuyến diễn ra tại Hà Nội.\n\n"
            "Ngày 10/7/2020, Liên Hợp Quốc công bố báo cáo.\n\n" + BODY,
            dt.date(2020, 8, 26),
        ),
        (
            "Tiêu đề bài viết\n\nSáng 5/1, hội nghị diễn ra.\n\nTừ tháng 12/2020 đến nay, cổng "
            "vận hành ổn định.\n\n" + BODY,
            dt.date(2021, 1, 5),
        ),
        ("12/02/2020 - 15:03\n\nTiêu đề bài viết\n\n" + BODY, dt.date(2020, 2, 12)),
        ("Hà Nội, 03/04/2019\n\nTiêu đề bài viết\n\n" + BODY, dt.date(2019, 4, 3)),
        ("Tiêu đề bài viết\n\nNgày 31/2/2020, điều này không thể xảy ra.\n\n" + BODY, None),
        ("Tiêu đề bài viết\n\n" + BODY, None),
    ],
)
def test_published(text: str, published: dt.date | None) -> None:
    assert parse(text)[0] == published


# -- rejected files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "rỗng"),
        (b"   \n\t ", "rỗng"),
        (b"\x00\x01\x02binary" * 10, "nhị phân"),
        (BODY.encode("cp1258", errors="replace"), "UTF-8"),
        (
            "Café résumé naïve déjà vu, a long enough English text with accents.".encode("latin-1"),
            "UTF-8",
        ),
        (b"<!DOCTYPE html><html><body><p>" + BODY.encode() + b"</p></body></html>", "HTML"),
        (
            b"This is an English article about e-government services in many countries.",
            "tiếng Việt",
        ),
        ("Ngắn quá.".encode(), "quá ngắn"),
        (("Tiêu đề\n\n" + "Dòng không dấu câu\n" * 5).encode(), "không tìm thấy đoạn văn"),
        (("Hỏng \ufffd " + BODY).encode(), "ký tự hỏng"),
    ],
)
def test_rejected(data: bytes, reason: str) -> None:
    with pytest.raises(RejectedArticle, match=reason) as info:
        parse_article(data, Path("xau.txt"))
    assert "xau.txt" in str(info.value)


def test_too_large() -> None:
    with pytest.raises(RejectedArticle, match="quá lớn"):
        parse_article((BODY + "\n").encode() * 20_000, Path("lon.txt"))


def test_bom_and_crlf_accepted() -> None:
    data = ("\ufeffTiêu đề bài viết\r\n\r\n" + BODY + "\r\n").encode()
    parsed = parse_article(data, Path("bom.txt"))
    assert parsed.article.title == "Tiêu đề bài viết"
    assert parsed.paragraphs == [BODY]


def test_a_headline_printed_twice_wins_over_a_navigation_line_above_it() -> None:
    text = (
        "CỔNG THÔNG TIN ĐIỆN TỬ TỈNH AN GIANG\n"
        "Trang chủ | Giới thiệu | Tin tức\n"
        "Chi tiết bài viết Tin tức\n"
        "An Giang tăng ba bậc về chỉ số chuyển đổi số năm 2023\n"
        "An Giang tăng ba bậc về chỉ số chuyển đổi số năm 2023\n"
        "Ngày đăng: 20/05/2024 | Lượt xem: 1.204\n"
        "Năm 2023, An Giang đạt 0,51 điểm chỉ số chuyển đổi số, xếp thứ 40 cả nước.\n"
    )
    parsed = parse_article(text.encode(), Path("an_giang.txt"))
    assert parsed.article.title == "An Giang tăng ba bậc về chỉ số chuyển đổi số năm 2023"
    assert "title" in parsed.article.inferred


def test_a_site_tagline_above_the_menu_is_not_the_title() -> None:
    text = "\n".join(
        [
            "Báo Người Đọc",
            "Tờ báo điện tử được tin cậy nhất cả nước",
            "Thời sự | Kinh tế | Xã hội | Thế giới | Công nghệ | Sức khỏe",
            "Thứ Ba, 3/9/2024, 08:10 (GMT+7)",
            "Thái Nguyên đưa 95% thủ tục hành chính lên dịch vụ công trực tuyến",
            BODY,
        ]
    )
    article = parse_article(text.encode(), Path("bai.txt")).article
    assert article.title == "Thái Nguyên đưa 95% thủ tục hành chính lên dịch vụ công trực tuyến"


def test_related_headlines_between_bars_keep_the_title() -> None:
    text = "\n".join(
        [
            "Thái Nguyên đưa 95% thủ tục hành chính lên dịch vụ công trực tuyến",
            "Giá xăng hôm nay giảm nhẹ | Lịch cúp điện tuần này | Thời tiết",
            BODY,
        ]
    )
    article = parse_article(text.encode(), Path("bai.txt")).article
    assert article.title == "Thái Nguyên đưa 95% thủ tục hành chính lên dịch vụ công trực tuyến"


def test_a_breadcrumb_with_slashes_is_furniture() -> None:
    text = "\n".join(
        [
            "Trang chủ / Công nghệ / Chuyển đổi số",
            "Thái Nguyên đưa 95% thủ tục hành chính lên dịch vụ công trực tuyến",
            BODY,
        ]
    )
    parsed = parse_article(text.encode(), Path("bai.txt"))
    assert parsed.article.title.startswith("Thái Nguyên")
    assert "Trang chủ / Công nghệ / Chuyển đổi số" in parsed.dropped


def test_a_box_of_related_headlines_inside_the_article_does_not_end_it() -> None:
    more = (
        "Ở cấp xã, tỷ lệ hồ sơ được tiếp nhận và trả kết quả trực tuyến cũng tăng mạnh so với "
        "năm trước nhờ đội công nghệ số cộng đồng hướng dẫn người dân tận nơi."
    )
    text = "\n".join(
        [
            "Thái Nguyên đưa 95% thủ tục hành chính lên dịch vụ công trực tuyến",
            BODY,
            "TIN LIÊN QUAN",
            "Giá xăng hôm nay giảm nhẹ",
            "Lịch cúp điện tuần này",
            "Người dân làm thủ tục tại bộ phận một cửa. Ảnh: Minh Hà",
            BODY.replace("Hội nghị", "Buổi làm việc"),
            more,
            "Đọc thêm",
            "Hà Giang có 300 điểm phát sóng 4G mới",
            "Tỉnh vùng cao vừa khánh thành 300 trạm phát sóng với tổng vốn hơn 200 tỷ đồng do "
            "doanh nghiệp viễn thông đầu tư trong hai năm qua.",
            "Lào Cai số hóa 2 triệu hồ sơ",
        ]
    )
    parsed = parse_article(text.encode(), Path("bai.txt"))
    assert more in parsed.paragraphs
    assert "Giá xăng hôm nay giảm nhẹ" in parsed.dropped
    # A list of links after the article, each headline with one blurb, still ends it.
    assert not any("300 trạm" in p for p in parsed.paragraphs)


def test_a_saved_pages_date_stamp_before_its_text_is_the_date() -> None:
    published, paragraphs, _ = parse(
        "date 2025-10-21 Kết quả chỉ số chuyển đổi số năm 2024 vừa được công bố tại Hà Nội, với "
        "nhiều địa phương tăng hạng.\n"
        "Theo bảng xếp hạng, Hà Nội đứng đầu với 0,8 điểm, tăng hai bậc so với năm trước.\n"
    )
    assert published == dt.date(2025, 10, 21)
    assert paragraphs and "2025-10-21" not in " ".join(paragraphs)


def test_a_stamp_before_a_short_title() -> None:
    parsed = parse_article(
        "date 2023-11 Cao điểm 90 ngày đêm\n"
        "Tính đến ngày 23-10, tỉnh đã kích hoạt 354.938 tài khoản định danh, đạt 54,2%.\n".encode(),
        Path("bai.txt"),
    )
    assert parsed.month == "2023-11"
    assert parsed.article.title == "Cao điểm 90 ngày đêm"


def test_a_stamp_of_a_month_dates_nothing_to_the_day() -> None:
    parsed = parse_article(
        "date 2021-11 Sau gần hai năm vận hành, Cổng dịch vụ công của thành phố đã cung cấp "
        "1.200 dịch vụ trực tuyến cho người dân và doanh nghiệp.\n"
        "Cổng được đưa vào hoạt động ngày 9/12/2019 theo quyết định của Ủy ban nhân dân.\n"
        "Kết quả xử lý hồ sơ năm 2021\n"
        "Đến nay, 85% hồ sơ được giải quyết đúng hạn, cao hơn so với năm 2020.\n".encode(),
        Path("bai.txt"),
    )
    assert parsed.month == "2021-11"
    # the day a story recalls is not its date when the page was saved in another month
    assert parsed.article.published is None
    assert not any("2021-11" in p for p in parsed.paragraphs)
    # a heading between paragraphs is kept aside: no facts, but it names a period
    assert parsed.asides == ["Kết quả xử lý hồ sơ năm 2021"]


def test_a_table_scraped_one_cell_per_line() -> None:
    cells = ["1", "Bắc Ninh", "01 (0,712)", "2", "Nghệ An", "02 (0,705)", "3", "Long An"]
    parsed = parse_article(
        "\n\n".join(
            [
                "Kết quả xếp hạng ứng dụng công nghệ thông tin của các tỉnh năm 2018",
                "Xếp hạng và chỉ số ứng dụng công nghệ thông tin của các tỉnh",
                "TT",
                "Tỉnh, thành phố trực thuộc",
                "Trung ương",
                "Năm 2018",
                *cells,
                "02 (0,705)",
                "Bộ sẽ tiếp tục công bố kết quả đánh giá hằng năm để các địa phương cải thiện.",
            ]
        ).encode(),
        Path("bai.txt"),
    )
    (table,) = parsed.tables
    assert table.header == ("TT", "Tỉnh, thành phố trực thuộc Trung ương", "Năm 2018")
    assert table.rows == (
        ("1", "Bắc Ninh", "01 (0,712)"),
        ("2", "Nghệ An", "02 (0,705)"),
        ("3", "Long An", "02 (0,705)"),
    )
    assert table.heading == "Xếp hạng và chỉ số ứng dụng công nghệ thông tin của các tỉnh"
    assert parsed.paragraphs == [
        "Bộ sẽ tiếp tục công bố kết quả đánh giá hằng năm để các địa phương cải thiện."
    ]


def test_a_phrase_a_scraper_repeats_is_not_the_title() -> None:
    parsed = parse_article(
        "No title... No title... No title... No title...\n"
        "image advertisement\n"
        "Chỉ số PAPI năm 2021 của tỉnh Điện Biên\n"
        "Lượt xem: 120\n"
        "Điểm số PAPI năm 2021 của tỉnh tăng từ 39,50 lên 40,20, xếp thứ 50 cả nước.\n".encode(),
        Path("bai.txt"),
    )
    assert parsed.article.title == "Chỉ số PAPI năm 2021 của tỉnh Điện Biên"
    assert "No title... No title... No title... No title..." in parsed.dropped


def test_a_lede_day_written_with_a_dash_dates_the_page() -> None:
    published, _, _ = parse(
        "Cải cách hành chính của tỉnh tiến bộ rõ rệt\n"
        "Ngày 19-4, Ban chỉ đạo cải cách hành chính của Chính phủ công bố chỉ số của các tỉnh, "
        "thành phố.\n"
        "Kết quả được tổng hợp từ số liệu đến ngày 31-12-2025 của các địa phương.\n"
    )
    assert published == dt.date(2026, 4, 19)
    # a month named may be a deadline: it does not move a day before it to the next year
    published, _, _ = parse(
        "Công chức phải có tài khoản định danh\n"
        "Tính đến ngày 1-3, thành phố đã cấp 1,2 triệu tài khoản; mọi công chức phải kích hoạt "
        "xong trong tháng 4-2025.\n"
    )
    assert published == dt.date(2025, 3, 1)


def test_a_paragraph_said_again_after_a_heading_is_kept_once() -> None:
    lede = "Theo báo cáo năm 2026, chỉ số dịch vụ trực tuyến đạt 0,61 điểm, tăng 0,05 điểm."
    _, paragraphs, dropped = parse(
        f"Tiêu đề bài viết về chỉ số\n{lede}\nCác xếp hạng thành phần\n{lede}\n"
    )
    assert paragraphs == [lede]
    assert lede in dropped


def test_a_page_cut_off_in_its_last_sentence_keeps_it() -> None:
    cut = (
        "Quảng Trị là địa phương dẫn đầu bảng xếp hạng năm 2027 với 95,02%, tăng 3,1% và lên "
        "hai bậc so"
    )
    _, paragraphs, _ = parse(
        "Chỉ số cải cách hành chính năm 2027 của các tỉnh\n"
        "Bộ Nội vụ vừa công bố chỉ số cải cách hành chính năm 2027 của 63 tỉnh, thành phố.\n"
        f"{cut}\n"
    )
    assert paragraphs[-1] == cut
    plain = "Bộ Tư pháp giảm 3 bậc từ vị trí thứ 5 xuống vị trí thứ 8 và Bộ Xây dựng tăng hai bậc"
    _, paragraphs, _ = parse(
        "Chỉ số cải cách hành chính năm 2027 của các bộ\n"
        "Bộ Nội vụ vừa công bố chỉ số cải cách hành chính năm 2027 của các bộ, cơ quan ngang bộ.\n"
        f"{plain}\n"
    )
    assert paragraphs[-1] == plain
    # a short last line (a byline, a tag) is no paragraph
    _, paragraphs, _ = parse(
        "Chỉ số cải cách hành chính năm 2027 của các tỉnh\n"
        "Bộ Nội vụ vừa công bố chỉ số cải cách hành chính năm 2027 của 63 tỉnh, thành phố.\n"
        "Thu Hà, 2027\n"
    )
    assert paragraphs == [
        "Bộ Nội vụ vừa công bố chỉ số cải cách hành chính năm 2027 của 63 tỉnh, thành phố."
    ]


def test_a_paragraph_cut_off_before_its_full_stop_is_kept() -> None:
    cut = (
        "Năm nay Đông Timor giảm 12 bậc trên bảng xếp hạng chính phủ điện tử, còn 80%. "
        "So với 55 quốc gia trong nhóm có thu nhập trung bình thấp, Việt Nam là một trong năm "
        "quốc gia có chỉ số ở mức rất cao (4 quốc gia khác là Ukraine; Mông Cổ"
    )
    _, paragraphs, _ = parse(
        "Việt Nam tăng 15 bậc về chính phủ điện tử\n"
        "Báo cáo năm 2024 của Liên hợp quốc xếp Việt Nam thứ 71 trong số 193 quốc gia.\n"
        f"{cut}\n"
        "Giá vàng hôm nay tăng mạnh\n"
    )
    assert cut in paragraphs
    assert "Giá vàng hôm nay tăng mạnh" not in paragraphs


def test_a_bulleted_list_of_figures_is_body_and_a_list_of_links_is_not() -> None:
    _, paragraphs, dropped = parse(
        "Các chỉ số thành phần của Việt Nam năm 2018\n"
        "Báo cáo năm 2018 của Liên hợp quốc đánh giá ba chỉ số thành phần của Việt Nam.\n"
        "- Hạ tầng viễn thông: 0,389, xếp hạng 100/193\n"
        "- Nguồn nhân lực: 0,673, xếp hạng 117/193\n"
        "- Giá vàng hôm nay 25/11 tăng mạnh\n"
    )
    assert "Hạ tầng viễn thông: 0,389, xếp hạng 100/193." in paragraphs
    assert "- Giá vàng hôm nay 25/11 tăng mạnh" in dropped


def test_a_headline_in_capitals_is_the_title_and_a_numbered_photo_line_a_caption() -> None:
    parsed = parse_article(
        (
            "TỈNH NÀO DẪN ĐẦU CHUYỂN ĐỔI SỐ NĂM NAY?\n"
            "Thứ hai - 07/08/2023 15:42 624\n"
            "(Chinhphu.vn) - Hải Dương đứng đầu cả nước về chuyển đổi số, thứ hai là Bắc Ninh.\n"
            "Ba tỉnh dẫn đầu chuyển đổi số - Ảnh 1.\n"
            "Kết quả được công bố tại hội nghị sáng nay ở Hà Nội với nhiều đại biểu tham dự.\n"
        ).encode(),
        Path("bai.txt"),
    )
    assert parsed.article.title == "TỈNH NÀO DẪN ĐẦU CHUYỂN ĐỔI SỐ NĂM NAY?"
    assert parsed.article.outlet == "Chinhphu.vn"
    assert "Ba tỉnh dẫn đầu chuyển đổi số - Ảnh 1." in parsed.dropped
    assert not any("Ảnh 1" in p for p in parsed.paragraphs)


def test_a_ranking_scraped_as_numbered_names() -> None:
    names = ["TP. Vĩnh Yên", "Hà Tĩnh", "Kon Tum", "Sơn La", "Gia Lai", "Yên Bái", "Bến Tre"]
    places = [1, 2, 3, 4, 4, 6, 7]  # a tie keeps its place and skips the next
    parsed = parse_article(
        "\n".join(
            [
                "BẢNG XẾP HẠNG CHỈ SỐ THỬ NGHIỆM NĂM 2031",
                "XẾP HẠNG",
                "CHỈ SỐ THỬ NGHIỆM",
                *(f"{place} {name}" for place, name in zip(places, names, strict=True)),
                "9 Hòa Bình",  # out of order: the list has ended
            ]
        ).encode(),
        Path("bai.txt"),
    )
    (table,) = parsed.tables
    assert table.heading == "XẾP HẠNG CHỈ SỐ THỬ NGHIỆM"
    assert [row[1] for row in table.rows] == names
    assert [int(row[0]) for row in table.rows] == places
    assert "9 Hòa Bình" in parsed.dropped


def test_a_numbered_list_of_sentences_is_no_ranking() -> None:
    parsed = parse_article(
        "\n".join(
            [
                "Năm nhiệm vụ trọng tâm năm 2031",
                *(f"{n} Tiếp tục đẩy mạnh chuyển đổi số ở cấp xã số {n}." for n in range(1, 6)),
            ]
        ).encode(),
        Path("bai.txt"),
    )
    assert parsed.tables == []


def test_a_lede_without_its_closing_stop_is_not_the_title() -> None:
    parsed = parse_article(
        "Thứ 5 Ngày 14/5/2031, 10:13:21 AM\n\n"
        "Ngày 22/4/2031, Thủ tướng Chính phủ ký ban hành Quyết định số 777/QĐ-TTg về Ngày dữ "
        "liệu quốc gia. Theo đó, quyết định lấy ngày 15 tháng 11 hằng năm là Ngày dữ liệu quốc "
        "gia\n\n"
        "Quyết định có hiệu lực thi hành từ ngày 22/4/2031.\n".encode(),
        Path("bai.txt"),
    )
    assert parsed.paragraphs[0].startswith("Ngày 22/4/2031, Thủ tướng Chính phủ ký")
    assert parsed.article.title != parsed.paragraphs[0]


def test_a_line_without_a_word_is_no_title() -> None:
    parsed = parse_article(
        ".\n\nĐà Nẵng tiếp tục đứng đầu chỉ số ICT Index\n\n.\n\n"
        "Theo công bố chiều 22-3, Đà Nẵng tiếp tục dẫn đầu cả nước với 0,83 điểm.\n".encode(),
        Path("bai.txt"),
    )
    assert parsed.article.title == "Đà Nẵng tiếp tục đứng đầu chỉ số ICT Index"


def test_a_series_scraped_one_cell_per_line_with_its_years() -> None:
    cells = ["2031", "0.51426", "0.69492", "0.57246", "2029", "0.47045", "0.49019", "0.41732"]
    parsed = parse_article(
        "\n\n".join(
            [
                "Việt Nam trong các kỳ khảo sát chính phủ điện tử",
                "Theo báo cáo năm 2031, các chỉ số của Việt Nam đều tăng so với kỳ trước.",
                *("Năm", "đánh giá", "Chỉ số", "phát triển CPĐT", "Chỉ số tham gia điện tử"),
                *("Chỉ số dịch vụ", "công trực tuyến"),
                *cells,
                "Bộ sẽ tiếp tục theo dõi các kỳ khảo sát tiếp theo của Liên Hợp Quốc.",
            ]
        ).encode(),
        Path("bai.txt"),
    )
    (table,) = parsed.tables
    assert table.header == (
        "Năm đánh giá",
        "Chỉ số phát triển CPĐT",
        "Chỉ số tham gia điện tử",
        "Chỉ số dịch vụ công trực tuyến",
    )
    assert table.rows == (tuple(cells[:4]), tuple(cells[4:]))
    assert parsed.paragraphs[-1].startswith("Bộ sẽ tiếp tục")


def test_a_series_scraped_as_a_run_of_years_then_their_values() -> None:
    years = [str(y) for y in range(2025, 2032)]
    values = ["86.00", "85.93", "64.93", "82.14", "85.71", "89.31", "95.27"]
    parsed = parse_article(
        "\n\n".join(
            [
                "Chỉ số cải cách thủ tục hành chính của Bộ qua các năm",
                "Kết quả năm 2031 là cao nhất kể từ khi Bộ được đánh giá theo bộ chỉ số này.",
                "Bảng chỉ số thành phần cải cách TTHC của Bộ từ năm 2025 - nay",
                *years,
                *values,
                "Bộ sẽ tiếp tục duy trì kết quả trong các năm tới theo kế hoạch đã đề ra.",
            ]
        ).encode(),
        Path("bai.txt"),
    )
    (table,) = parsed.tables
    assert table.rows == tuple(zip(years, values, strict=True))
    assert table.header[1] == "Bảng chỉ số thành phần cải cách TTHC của Bộ từ năm 2025 - nay"
