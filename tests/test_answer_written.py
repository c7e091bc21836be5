"""The engine on short articles written for the test: behaviour that needs a series of values."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answer import Answerer
from bot.answer.engine import (
    CLOSEST_CONFIDENCE,
    FEATURES,
    WEIGHTS,
    _compared_after,
    _places,
    _Scored,
    _stretch_end,
    _stretch_start,
    suggestion_for,
)
from bot.ingest.load import ingest_bytes
from bot.lexicon import Lexicon
from bot.models import Fact, Figure
from bot.render import answer_plain
from bot.store import FactStore

pytestmark = pytest.mark.asyncio(loop_scope="module")

ARTICLES = {
    "cong_khai_truong": (
        "Cổng dịch vụ công của tỉnh đi vào hoạt động\n"
        "Ngày 3/3/2021, Cổng dịch vụ công của tỉnh chính thức vận hành.\n"
        "Cổng dịch vụ công của tỉnh khi ra mắt cung cấp 120 dịch vụ công trực tuyến.\n",
        "2021-03-03",
    ),
    "cong_hai_nam": (
        "Cổng dịch vụ công của tỉnh sau hai năm\n"
        "Sau hai năm vận hành, Cổng dịch vụ công của tỉnh cung cấp 900 dịch vụ công trực tuyến.\n",
        "2023-03-10",
    ),
    "thanh_toan": (
        "Thanh toán qua điện thoại tăng mạnh\n"
        "Năm 2023, giao dịch qua thẻ ngân hàng tăng 12% về số lượng và 5% về giá trị; giao "
        "dịch qua điện thoại tăng 48% về số lượng và 21% về giá trị.\n",
        "2024-01-22",
    ),
    "long_an_dti": (
        "Long An tiến bộ về chuyển đổi số\n"
        "Trên bảng xếp hạng chỉ số chuyển đổi số cấp tỉnh (DTI) năm 2023, Long An lần đầu lọt "
        "vào nhóm 10 địa phương dẫn đầu.\n"
        "Theo bảng xếp hạng, chỉ số DTI năm 2023 của Long An đạt 0,61 điểm, xếp hạng 8/63.\n",
        "2024-07-02",
    ),
    "tai_khoan_dau_nam": (
        "Cổng dịch vụ công của tỉnh thu hút người dùng\n"
        "Tính đến ngày 5/2/2024, Cổng dịch vụ công của tỉnh có 310.000 tài khoản đăng ký.\n",
        "2024-02-06",
    ),
    "tai_khoan_cuoi_nam": (
        "Một năm bứt phá của Cổng dịch vụ công tỉnh\n"
        "Tính đến ngày 20/12/2024, Cổng dịch vụ công của tỉnh đã có 520.000 tài khoản.\n",
        "2024-12-21",
    ),
    "asean_2014": (
        "Chính phủ điện tử Việt Nam trong khu vực\n"
        "Theo báo cáo năm 2014 của Liên hợp quốc, Việt Nam vươn lên thứ 5 trong số 11 nước "
        "ASEAN, xếp sau Singapore (thứ 3), Malaysia, Brunei và Philippines.\n",
        "2014-06-30",
    ),
    "thanh_toan_a": (
        "Bắc Kạn đẩy mạnh thanh toán trực tuyến phí, lệ phí\n"
        "Năm 2023, Bắc Kạn tập trung thanh toán trực tuyến phí, lệ phí. Tỷ lệ hồ sơ của Bắc "
        "Kạn được xử lý trực tuyến năm 2023 đạt 61%.\n",
        "2024-01-10",
    ),
    "thanh_toan_b": (
        "Kết quả cải cách hành chính của Bắc Kạn\n"
        "Năm 2023, tỷ lệ hồ sơ có thanh toán trực tuyến của Bắc Kạn đạt 40%.\n",
        "2024-01-12",
    ),
    "papi_trung_binh": (
        "Chỉ số quản trị điện tử năm 2022\n"
        "Năm 2022, quản trị điện tử có điểm trung bình toàn quốc chỉ 3,26/10 điểm, thấp nhất "
        "trong các lĩnh vực được khảo sát.\n",
        "2023-04-12",
    ),
    "dti_2023": (
        "Công bố chỉ số chuyển đổi số cấp tỉnh năm 2023\n"
        "Trên bảng xếp hạng chỉ số chuyển đổi số (DTI) cấp tỉnh năm 2023, dẫn đầu là Hải "
        "Dương, tiếp theo là Bắc Ninh và Thái Bình.\n",
        "2024-07-20",
    ),
    "khao_sat_lam_tron": (
        "Khảo sát mức hài lòng với dịch vụ công trực tuyến năm 2024\n"
        "Hơn 12.000 người dân đã trả lời khảo sát về dịch vụ công trực tuyến năm 2024.\n"
        "Cụ thể, 12.348 người dân ở 30 xã, phường được phỏng vấn trực tiếp trong năm 2024.\n",
        "2024-11-02",
    ),
    "hoa_don": (
        "Hóa đơn điện tử phủ khắp tỉnh\n"
        "Năm 2024, trên địa bàn tỉnh Bến Tre có 2.310 doanh nghiệp và 615 hộ kinh doanh dùng "
        "hóa đơn điện tử.\n",
        "2024-10-10",
    ),
    "ty_le_nay": (
        "Vĩnh Long tăng tốc xử lý hồ sơ qua mạng\n"
        "Năm 2023, tỷ lệ hồ sơ nộp trực tuyến của Vĩnh Long đạt 58%.\n"
        "Sang năm 2024, tỷ lệ này lên 77%; có 41% hồ sơ phát sinh phí được thanh toán trực "
        "tuyến.\n",
        "2025-01-08",
    ),
    "dti_bo_hai_nhom": (
        "Kết quả chỉ số chuyển đổi số (DTI) năm 2022 của các bộ, ngành\n"
        "Năm 2022, các bộ, ngành được chấm DTI theo hai nhóm. Ở nhóm có cung cấp dịch vụ công, "
        "ba vị trí dẫn đầu khối này lần lượt thuộc về Bộ Tài chính, Bộ Công Thương và Bộ Tư "
        "pháp.\n"
        "Trong khi đó, Đài Tiếng nói Việt Nam đứng đầu nhóm không cung cấp dịch vụ công, xếp "
        "sau là Thông tấn xã Việt Nam và Viện Hàn lâm Khoa học xã hội Việt Nam.\n",
        "2023-05-20",
    ),
    "egdi_2026": (
        "Liên Hợp Quốc công bố khảo sát chính phủ điện tử 2026\n"
        "Năm 2026, Việt Nam xếp thứ 64 thế giới về chính phủ điện tử.\n"
        "Ở chỉ số tham gia điện tử (EPI), Việt Nam đạt 0,71 điểm, đứng thứ 58 thế giới.\n",
        "2026-09-20",
    ),
    "par_bo": (
        "Kết quả PAR INDEX 2030 khối bộ\n"
        "Bộ Nội vụ dẫn đầu bảng chỉ số PAR INDEX năm 2030 với kết quả đạt 91,25%.\n",
        "2031-05-10",
    ),
    "dti_khoi_2029": (
        "Giá trị chỉ số chuyển đổi số năm 2029 của các khối\n"
        "Giá trị DTI 2029 cấp bộ là 0,5412; giá trị DTI 2029 cấp tỉnh là 0,6075; giá trị DTI "
        "2029 quốc gia là 0,7120.\n",
        "2030-06-01",
    ),
    "ba_chi_so_2029": (
        "Ba chỉ số xếp hạng năm 2029 của tỉnh Bến Tre\n"
        "Năm 2029, tỉnh Bến Tre đạt 84,5% điểm cải cách hành chính. Trong đó, chỉ số PCI năm "
        "2029 Bến Tre đứng thứ 12/63 tỉnh, thành; chỉ số PAR INDEX ở vị trí 40/63.\n",
        "2030-05-02",
    ),
    "dti_hai_khoi_2029": (
        "Xếp hạng chuyển đổi số năm 2029 của các bộ, ngành\n"
        "Ở nhóm 12 bộ, ngành có dịch vụ công, Bộ Xây dựng xếp ở vị trí số 1 về chỉ số chuyển "
        "đổi số năm 2029. Với nhóm 6 bộ, ngành không có dịch vụ công, dẫn đầu là Thông tấn xã "
        "Việt Nam.\n",
        "2030-07-01",
    ),
    "dti_tru_cot_2029": (
        "Sóc Trăng công bố kết quả chuyển đổi số năm 2029\n"
        "Năm 2029, chỉ số DTI của Sóc Trăng xếp thứ 20/63 tỉnh, thành phố. Trong đó, chính "
        "quyền số xếp thứ 31/63; kinh tế số đạt 0,5512 điểm, xếp thứ 12 và xã hội số xếp thứ 8."
        "\n",
        "2030-04-12",
    ),
    "kon_tum_2029": (
        "Kon Tum đẩy mạnh dịch vụ công trực tuyến năm 2029\n"
        "Năm 2029, tỷ lệ hồ sơ trực tuyến của Kon Tum tăng 12% so với năm 2028.\n",
        "2029-12-20",
    ),
    "chi_so_thanh_phan_2031": (
        "Các chỉ số thành phần của Việt Nam năm 2031\n"
        "Năm 2031, chỉ số dịch vụ trực tuyến (OSI) của Việt Nam đạt 0,7461, chỉ số hạ tầng "
        "viễn thông (TII) đạt 0,8224 và chỉ số nguồn nhân lực (HCI) đạt 0,7445.\n",
        "2031-09-20",
    ),
    "khao_sat_nop_ho_so": (
        "Người dân với dịch vụ công trực tuyến năm 2025\n"
        "Khảo sát năm 2025 cho thấy 12,5% người được hỏi từng nộp hồ sơ qua Cổng dịch vụ công "
        "của tỉnh, trong khi 64% vẫn đến bộ phận một cửa.\n",
        "2026-03-02",
    ),
    "cuoi_bang_2031": (
        "Công bố PAPI và DTI năm 2031\n"
        "Năm 2031, tỉnh Bình Phước đứng đầu bảng xếp hạng PAPI với 47,88 điểm; tỉnh Cà Mau "
        "đứng cuối cùng với 38,80 điểm.\n"
        "Ở chỉ số DTI năm 2031, Lai Châu xếp cuối (63/63) với 0,1987 điểm.\n",
        "2031-06-01",
    ),
    "diem_trung_binh_2031": (
        "Chỉ số hài lòng năm 2031 của các tỉnh\n"
        "Năm 2031, điểm trung bình chỉ số hài lòng của các tỉnh đạt 85,11, cao hơn năm trước "
        "đó 8,39 điểm.\n",
        "2032-03-01",
    ),
    "gia_tri_trung_binh_2031": (
        "Chỉ số minh bạch năm 2031\n"
        "Giá trị trung bình của chỉ số minh bạch năm 2031 là 42,407, tăng nhẹ so với năm 2030, "
        "nhưng điểm cao nhất (48,059) và điểm thấp nhất (37,223) đều giảm.\n",
        "2032-04-01",
    ),
    "hai_khoi_2031": (
        "Chỉ số phục vụ năm 2031 của hai khối\n"
        "Năm 2031, điểm trung bình chỉ số phục vụ của các bộ, ngành là 81,2. Trong khi đó, "
        "điểm trung bình chỉ số này của các tỉnh, thành phố năm 2031 đạt 79,45.\n",
        "2032-04-02",
    ),
    "ict_hai_phan_2031": (
        "Kon Tum tiếp tục đứng đầu chỉ số ICT Index năm 2031\n"
        "Năm 2031, Kon Tum dẫn đầu ICT Index với tổng điểm 0,83.\n"
        "Đối với hạ tầng nhân lực, Kon Tum đạt 0,76 điểm, xếp vị trí thứ hai sau Hà Tĩnh (0,88 "
        "điểm).\n",
        "2032-03-22",
    ),
    "dti_ba_tru_cot_2029": (
        "Kon Tum tăng điểm chuyển đổi số năm 2029\n"
        "Năm 2029, điểm DTI của Kon Tum tăng lên 0,834, và ở cả ba trụ cột chính quyền số, kinh "
        "tế số, xã hội số đều tăng.\n",
        "2030-05-20",
    ),
    "tang_manh_nhat_2031": (
        "Công bố chỉ số minh bạch năm 2031\n"
        "Năm 2031, tỉnh Yên Bái dẫn đầu chỉ số minh bạch; có 40 địa phương tăng điểm, trong "
        "đó, tỉnh Bạc Liêu tăng mạnh nhất với 6,39%.\n",
        "2032-04-05",
    ),
    "so_hoa_2031": (
        "Lai Châu số hóa kết quả thủ tục năm 2031\n"
        "Năm 2031, Lai Châu đã số hóa 63,2% kết quả giải quyết thủ tục hành chính.\n"
        "Theo báo cáo của tỉnh, trong năm có khoảng 41.700 hồ sơ đã xử lý được lưu trên hệ "
        "thống.\n",
        "2032-01-05",
    ),
    "ba_tru_cot_tang_2031": (
        "Chỉ số chuyển đổi số cấp tỉnh năm 2031\n"
        "Năm 2031, cả ba trụ cột của DTI cấp tỉnh đều tăng: Chính quyền số đạt 0,7582, tăng "
        "4,7%; Kinh tế số đạt 0,7723, tăng 13,3%; Xã hội số đạt 0,7692, tăng 13,4%.\n",
        "2032-10-10",
    ),
    "hai_van_ban_2031": (
        "Kon Tum triển khai đề án chuyển đổi số\n"
        "Thực hiện Nghị quyết số 07-NQ/TU ngày 14/7/2031 của Tỉnh ủy về chuyển đổi số tỉnh Kon "
        "Tum, UBND tỉnh đã ban hành Quyết định số 1929/QĐ-UBND ngày 01/8/2031 phê duyệt Đề án "
        "chuyển đổi số với 45 nhiệm vụ.\n",
        "2031-09-01",
    ),
    "bao_cao_phat_hanh_2031": (
        "Liên Hợp Quốc công bố khảo sát chỉ số dữ liệu mở 2031\n"
        "Bản báo cáo khảo sát chỉ số dữ liệu mở được Liên Hợp Quốc phát hành tại New York ngày "
        "11/5. Việt Nam xếp thứ 71 trong 193 nước.\n",
        "2031-05-13",
    ),
    "chien_luoc_2031": (
        "Chiến lược dữ liệu số của tỉnh Điện Biên\n"
        "Ngày 12/5/2031, UBND tỉnh Điện Biên ban hành Quyết định số 777/QĐ-UBND phê duyệt "
        "Chiến lược dữ liệu số giai đoạn 2031-2035, định hướng đến năm 2040.\n"
        "Kho dữ liệu mở của tỉnh Điện Biên được đưa vào hoạt động từ ngày 2/8/2031 với 45 bộ "
        "dữ liệu.\n"
        "Ngày 20/9/2031, tỉnh Điện Biên tổ chức hội thảo về hoạt động của kho dữ liệu mở.\n",
        "2031-08-10",
    ),
}


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def answerer(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Answerer]:
    lexicon = Lexicon.load()
    store = await FactStore.open(tmp_path_factory.mktemp("written") / "store.db")
    try:
        for name, (text, published) in ARTICLES.items():
            path = Path(f"{name}.txt")
            meta = {name: {"outlet": "Báo Thử", "published": published}}
            result = await ingest_bytes(store, text.encode(), path, lexicon, meta)
            assert result.error is None, result.error
        yield await Answerer.create(store, lexicon)
    finally:
        await store.close()


async def test_without_a_moment_the_newest_value_answers(answerer: Answerer) -> None:
    answer = await answerer.ask("cổng dịch vụ công của tỉnh cung cấp bao nhiêu dịch vụ công")
    assert answer.figure is not None and answer.figure.value == 900


@pytest.mark.parametrize(
    "question",
    [
        "lúc mới ra mắt cổng dịch vụ công của tỉnh cung cấp bao nhiêu dịch vụ công trực tuyến",
        "ban dau cong dich vu cong cua tinh cung cap bao nhieu dich vu cong truc tuyen",
    ],
)
async def test_a_moment_asked_is_not_replaced_by_the_newest_value(
    answerer: Answerer, question: str
) -> None:
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == 120


async def test_a_number_word_before_a_time_unit_meets_its_digits(answerer: Answerer) -> None:
    answer = await answerer.ask(
        "sau 2 nam van hanh cong dich vu cong cua tinh co bao nhieu dich vu"
    )
    assert answer.figure is not None and answer.figure.value == 900


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("giao dịch qua điện thoại năm 2023 tăng bao nhiêu % về giá trị", 21),
        ("giao dich qua dien thoai nam 2023 tang bao nhieu phan tram ve so luong", 48),
        ("giao dịch qua thẻ năm 2023 tăng bao nhiêu phần trăm về giá trị", 5),
    ],
)
async def test_figures_in_parallel_share_the_words_before_them(
    answerer: Answerer, question: str, value: float
) -> None:
    # "tăng 48% về số lượng và 21% về giá trị": both are changes of the same thing.
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == value
    assert answer.facts[0].kind == "change"


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("giá trị DTI cấp tỉnh năm 2029 là bao nhiêu", 0.6075),
        ("gia tri dti 2029 cap bo", 0.5412),
    ],
)
async def test_each_bloc_of_an_index_has_its_own_value(
    answerer: Answerer, question: str, value: float
) -> None:
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == value


async def test_the_base_said_after_a_figure_is_the_one_it_is_compared_with() -> None:
    tokens = ("tang", "n3", "so", "voi", "nam", "n2022", "va", "tang", "n50p8", "so", "voi")
    tokens += ("nam", "n2020")
    assert _compared_after(tokens, 1, _stretch_end(tokens, 1)) == "2022"
    assert _compared_after(tokens, 8, _stretch_end(tokens, 8)) == "2020"
    short = ("dat", "n30", "|", "so", "voi", "n2019")
    assert _compared_after(short, 1, _stretch_end(short, 1)) is None


async def test_the_edition_year_does_not_cut_what_a_figure_measures() -> None:
    # "giá trị DTI 2029 cấp tỉnh là 0,6075": the year names the edition, and the words before
    # it are the figure's own as much as "cấp tỉnh"; the figure before stops the stretch.
    tokens = ("n0p5412", "gia", "tri", "dti", "n2029", "cap", "tinh", "la", "n0p6075")
    assert _stretch_start(tokens, 8) == 1
    assert _stretch_start(("n30", "gia", "tri", "n12"), 3) == 1


async def test_the_index_named_in_a_figures_own_clause_is_the_figures(
    answerer: Answerer,
) -> None:
    answer = await answerer.ask("PAR index 2029 Bến Tre xếp thứ mấy")
    assert answer.figure is not None and answer.figure.value == 40
    answer = await answerer.ask("chỉ số PCI 2029 của Bến Tre đứng thứ mấy")
    assert answer.figure is not None and answer.figure.value == 12


@pytest.mark.parametrize(
    ("question", "leader"),
    [
        ("bộ nào đứng đầu chuyển đổi số nhóm bộ có dịch vụ công năm 2029", "Bộ Xây dựng"),
        (
            "khối bộ không có dịch vụ công thì ai đứng đầu chuyển đổi số 2029",
            "Thông tấn xã Việt Nam",
        ),
        (
            "khoi bo ko co dich vu cong nam 2029 don vi nao dan dau",
            "Thông tấn xã Việt Nam",
        ),
    ],
)
async def test_a_group_denied_is_not_the_group_asked(
    answerer: Answerer, question: str, leader: str
) -> None:
    # "nhóm có dịch vụ công" and "nhóm không có dịch vụ công" share their words
    answer = await answerer.ask(question)
    assert answer.entities == [leader]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("chính quyền số sóc trăng 2029 xếp thứ mấy", 31),
        ("kinh te so soc trang 2029 xep thu may", 12),
        ("xã hội số của Sóc Trăng năm 2029 đứng thứ mấy", 8),
        ("DTI 2029 Sóc Trăng xếp thứ mấy", 20),
    ],
)
async def test_a_pillars_place_answers_for_that_pillar_only(
    answerer: Answerer, question: str, value: float
) -> None:
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == value


async def test_how_many_places_is_not_answered_with_a_rise_in_percent(
    answerer: Answerer,
) -> None:
    answer = await answerer.ask("Kon Tum tăng bao nhiêu bậc so với năm 2028")
    assert not (answer.answered and answer.figure is not None and answer.figure.unit == "%")
    answer = await answerer.ask("tỷ lệ hồ sơ trực tuyến Kon Tum 2029 tăng bao nhiêu % so với 2028")
    assert answer.figure is not None and answer.figure.value == 12


async def test_a_group_joined_is_not_the_place_asked(answerer: Answerer) -> None:
    answer = await answerer.ask("Xếp hạng DTI năm 2023 của Long An là thứ mấy?")
    assert answer.figure is not None and answer.figure.value == 8
    group = await answerer.ask("Long An lọt vào nhóm mấy địa phương dẫn đầu DTI 2023")
    assert group.figure is not None and group.figure.value == 10


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("đầu năm 2024 cổng dịch vụ công của tỉnh có bao nhiêu tài khoản", 310_000),
        ("tinh toi thang 12/2024 cong dich vu cong cua tinh co bao nhieu tai khoan", 520_000),
    ],
)
async def test_the_month_asked_chooses_among_values_of_one_year(
    answerer: Answerer, question: str, value: float
) -> None:
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == value


async def test_a_rank_in_a_region_of_a_stated_size(answerer: Answerer) -> None:
    # "thứ 5 trong số 11 nước ASEAN": the region follows the size of the field.
    answer = await answerer.ask("năm 2014 việt nam đứng thứ mấy trong asean về cpđt")
    assert answer.figure is not None and answer.figure.value == 5
    question = answerer.parser.parse("năm 2014 việt nam đứng thứ mấy trong asean")
    best = next(s for s in answerer.rank(question) if s.figure.value == 5)
    found = answerer.features(question, best.fact)
    assert found is not None
    features = dict(zip(FEATURES, found[1], strict=True))
    assert features["region_match"] == 1.0 and features["region_mismatch"] == 0.0


async def test_who_leads_is_answered_from_a_ranking_of_what_is_asked(answerer: Answerer) -> None:
    answer = await answerer.ask("tỉnh nào dẫn đầu dti 2023")
    assert answer.entities[:1] == ["Hải Dương"]
    other = await answerer.ask("tỉnh nào có nhiều hồ sơ khai sinh qua mạng nhất năm 2023")
    assert not other.entities


async def test_what_is_measured_is_read_in_the_sentence_not_only_around_it(
    answerer: Answerer,
) -> None:
    answer = await answerer.ask("tỷ lệ thanh toán trực tuyến của bắc kạn năm 2023")
    assert answer.figure is not None and answer.figure.value == 40


async def test_the_national_average_answers_an_average_asked_of_the_whole_country(
    answerer: Answerer,
) -> None:
    answer = await answerer.ask("điểm quản trị điện tử trung bình cả nước năm 2022 là bao nhiêu")
    assert answer.figure is not None and answer.figure.value == 3.26


async def test_an_exact_figure_replaces_the_rounded_one_of_the_same_article(
    answerer: Answerer,
) -> None:
    # The lede rounds ("hơn 12.000"), the body is exact: the exact figure answers.
    answer = await answerer.ask("năm 2024 khảo sát dịch vụ công trực tuyến hỏi bao nhiêu người dân")
    assert answer.figure is not None and answer.figure.value == 12_348
    assert answer.figure.raw.startswith("12.348")


async def test_what_is_counted_is_the_head_of_the_noun_after_the_figure(
    answerer: Answerer,
) -> None:
    # "hộ kinh doanh" holds the word "doanh" but counts households, not firms.
    answer = await answerer.ask("ben tre co bao nhieu doanh nghiep dung hoa don dien tu")
    assert answer.figure is not None and answer.figure.value == 2_310


async def test_this_rate_is_the_rate_of_the_sentence_before(answerer: Answerer) -> None:
    # "tỷ lệ này lên 77%" measures what the sentence before did; 41% measures payments.
    answer = await answerer.ask("năm 2024 tỷ lệ hồ sơ nộp trực tuyến của vĩnh long là bao nhiêu")
    assert answer.figure is not None and answer.figure.value == 77
    question = answerer.parser.parse("năm 2024 vĩnh long nộp hồ sơ trực tuyến đạt bao nhiêu %")
    assert answerer.rank(question)[0].figure.value == 77


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "top 3 bộ có cung cấp dịch vụ công dẫn đầu dti 2022",
            ["Bộ Tài chính", "Bộ Công Thương", "Bộ Tư pháp"],
        ),
        (
            "top 3 nhóm không cung cấp dịch vụ công dti 2022 là những cơ quan nào",
            [
                "Đài Tiếng nói Việt Nam",
                "Thông tấn xã Việt Nam",
                "Viện Hàn lâm Khoa học xã hội Việt Nam",
            ],
        ),
    ],
)
async def test_a_top_list_is_read_from_one_group_of_an_article_that_ranks_two(
    answerer: Answerer, question: str, expected: list[str]
) -> None:
    # "ba vị trí dẫn đầu khối này lần lượt thuộc về A, B và C"; the other group's places are
    # said in another sentence and are not mixed in.
    answer = await answerer.ask(question)
    assert answer.entities == expected


async def test_the_places_of_a_ranking_are_those_said_nearest_its_first() -> None:
    def place(subject: str, position: int, sentence_no: int, score: float) -> _Scored:
        figure = Figure(raw=f"thứ {position}", value=position, unit="rank")
        fact = Fact(
            article="a",
            sentence_no=sentence_no,
            quote="…",
            figures=(figure,),
            kind="actual",
            measure="m",
            subject=subject,
            period="2022",
            period_label="năm 2022",
        )
        return _Scored(fact, figure, score)

    # Two groups ranked in one article: the second group's runner-up scores higher, but the
    # first group's is said beside the first place chosen.
    ranking = {
        1: [place("A", 1, 3, 7.0), place("X", 1, 9, 6.0)],
        2: [place("B", 2, 3, 5.0), place("Y", 2, 9, 6.5)],
        3: [place("C", 3, 4, 5.0), place("Z", 3, 10, 6.5)],
    }
    assert [s.fact.subject for s in _places(ranking).values()] == ["A", "B", "C"]
    # One place per entity: "B năm trước xếp thứ 3, năm nay thứ 2" also names last year's
    # place, said nearer the first than the third place's sentence.
    ranking = {
        1: [place("A", 1, 3, 7.0)],
        2: [place("B", 2, 5, 5.0)],
        3: [place("B", 3, 5, 5.0), place("C", 3, 8, 4.0)],
    }
    assert [s.fact.subject for s in _places(ranking).values()] == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("năm 2026 vn đứng thứ mấy thế giới về chính phủ điện tử", 64),
        ("chỉ số tham gia điện tử của vn năm 2026 đứng thứ mấy thế giới", 58),
        ("tham gia dien tu vn 2026 xep thu may", 58),
    ],
)
async def test_a_sub_index_rank_does_not_answer_for_the_index(
    answerer: Answerer, question: str, value: float
) -> None:
    # The EPI is a part of the UN survey's index: its place is not the country's place.
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == value


async def test_how_much_is_a_quantity_and_not_a_place(answerer: Answerer) -> None:
    # "dẫn đầu ... với kết quả đạt 91,25%": asked "đạt bao nhiêu", the result, not "dẫn đầu".
    answer = await answerer.ask("par index 2030 bo noi vu dat bao nhieu")
    assert answer.figure is not None and answer.figure.value == 91.25
    place = await answerer.ask("par index 2030 bo noi vu dung hang nhieu")
    assert place.figure is not None and place.figure.unit == "rank"


async def test_a_declined_question_shows_the_closest_sentence_only_when_near(
    answerer: Answerer,
) -> None:
    # With a threshold no answer reaches, every question is declined: the near ones show the
    # sentence that came closest, the far ones nothing.
    strict = Answerer(answerer.store, answerer.lexicon, replace(WEIGHTS, threshold=0.99))
    await strict.refresh()
    near = await strict.ask("bến tre có bao nhiêu doanh nghiệp dùng hóa đơn điện tử năm 2024")
    assert not near.answered and near.confidence >= CLOSEST_CONFIDENCE
    assert near.closest is not None and "2.310 doanh nghiệp" in near.closest.quote
    assert near.figure is None
    far = await strict.ask("giá vé máy bay tết năm nay bao nhiêu")
    assert not far.answered and far.closest is None


async def test_a_share_of_people_is_not_a_count_of_what_follows_per_cent(
    answerer: Answerer,
) -> None:
    # "mấy phần trăm dân": the share is of people, whom the article calls "người được hỏi".
    answer = await answerer.ask(
        "năm 2025 có mấy phần trăm dân từng nộp hồ sơ qua cổng dịch vụ công"
    )
    assert answer.figure is not None and answer.figure.value == 12.5


async def test_a_suggestion_for_a_place_in_the_provinces_ranking_reads_plainly() -> None:
    figure = Figure(raw="thứ 12", value=12, unit="rank")
    fact = Fact(
        article="a",
        sentence_no=1,
        quote="Tỉnh xếp thứ 12 cả nước năm 2029.",
        figures=(figure,),
        kind="actual",
        measure="thứ hạng của tỉnh, thành phố trên cả nước: tỉnh xếp",
        subject="Hà Tĩnh",
        period="2029",
        period_label="năm 2029",
    )
    assert suggestion_for(fact) == "Hà Tĩnh xếp thứ mấy năm 2029?"


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("chi so ha tang vien thong tii cua viet nam nam 2031 dat bao nhieu", 0.8224),
        ("chỉ số nguồn nhân lực HCI của Việt Nam năm 2031 là bao nhiêu", 0.7445),
    ],
)
async def test_a_sub_index_named_in_brackets_before_its_value(
    answerer: Answerer, question: str, value: float
) -> None:
    # "chỉ số hạ tầng viễn thông (TII) đạt 0,8224": the brackets end the clause, not the name
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == value


async def test_the_day_a_document_was_issued_is_not_the_latest_year_it_names(
    answerer: Answerer,
) -> None:
    # "Ngày 12/5/2031 ... ban hành Quyết định số 777 ..., định hướng đến năm 2040": a date is
    # its own period, so the newest one in the sentence does not win for being newer.
    answer = await answerer.ask("quyết định 777 của điện biên ban hành ngày nào")
    assert answer.figure is not None and answer.figure.period == "2031-05-12"


async def test_started_working_meets_put_into_operation(answerer: Answerer) -> None:
    # The article says "đưa vào hoạt động", the user "bắt đầu hoạt động": one synonym group,
    # so the day it opened wins over a later workshop "về hoạt động của kho dữ liệu mở".
    answer = await answerer.ask("kho dữ liệu mở điện biên bắt đầu hoạt động từ ngày nào")
    assert answer.figure is not None and answer.figure.period == "2031-08-02"


@pytest.mark.parametrize(
    ("question", "last"),
    [
        ("tỉnh nào đứng cuối papi 2031", "Cà Mau"),
        ("dti 2031 tinh nao xep cuoi", "Lai Châu"),  # "xếp cuối (63/63)"
    ],
)
async def test_who_is_last(answerer: Answerer, question: str, last: str) -> None:
    answer = await answerer.ask(question)
    assert answer.entities == [last]
    assert "đứng cuối" in answer_plain(answer) or "63" in answer_plain(answer)


async def test_a_last_place_without_its_number_answers_no_place_question(
    answerer: Answerer,
) -> None:
    # "Cà Mau đứng cuối cùng" says who is last, not which number that place has.
    answer = await answerer.ask("Cà Mau PAPI 2031 xếp thứ mấy")
    assert answer.figure is None or answer.figure.value > 0


async def test_a_value_asked_is_not_answered_with_its_change(answerer: Answerer) -> None:
    # "cao hơn năm trước đó 8,39 điểm" is how much it rose; asked the average, 85,11.
    answer = await answerer.ask("diem trung binh chi so hai long cac tinh 2031")
    assert answer.figure is not None and answer.figure.value == 85.11
    rise = await answerer.ask("điểm trung bình hài lòng các tỉnh 2031 tăng bao nhiêu")
    assert rise.figure is not None and rise.figure.value == 8.39


async def test_a_number_with_decimals_that_counts_nothing_is_a_score(answerer: Answerer) -> None:
    # "là 42,407" names no unit; "điểm cao nhất (48,059)" does: both are scores.
    answer = await answerer.ask("diem trung binh chi so minh bach 2031")
    assert answer.figure is not None and answer.figure.value == 42.407


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("diem trung binh chi so phuc vu cac tinh thanh 2031", 79.45),
        ("chỉ số phục vụ 2031 điểm bình quân khối bộ", 81.2),
    ],
)
async def test_whose_average_is_asked(answerer: Answerer, question: str, value: float) -> None:
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == value


async def test_who_leads_a_part_is_not_who_leads_the_whole(answerer: Answerer) -> None:
    answer = await answerer.ask("tỉnh nào đứng đầu hạ tầng nhân lực ICT Index 2031")
    assert answer.entities == ["Hà Tĩnh"]
    whole = await answerer.ask("tỉnh nào đứng đầu ICT Index 2031")
    assert whole.entities == ["Kon Tum"]


async def test_a_part_no_sentence_gives_is_not_answered_with_the_whole(
    answerer: Answerer,
) -> None:
    # The sentence names three pillars, not "hạ tầng số": the DTI's own score is not the
    # part's, however many of the question's words it has.
    question = answerer.parser.parse("chỉ số hạ tầng số của Kon Tum năm 2029 bao nhiêu điểm")
    (fact,) = [s.fact for s in answerer.rank(question) if s.figure.value == 0.834]
    found = answerer.features(question, fact)
    assert found is not None
    assert dict(zip(FEATURES, found[1], strict=True))["subindex_other"] == 1.0


async def test_how_many_were_ranked_in_a_year_named(answerer: Answerer) -> None:
    # "thứ 20/63" with the year asked: the size of the field, not the place.
    answer = await answerer.ask("DTI 2029 xếp hạng bao nhiêu tỉnh")
    assert answer.figure is not None and answer.figure.value == 63


async def test_who_rose_most_is_not_who_leads(answerer: Answerer) -> None:
    rose = await answerer.ask("tỉnh nào tăng mạnh nhất chỉ số minh bạch 2031")
    assert rose.entities == ["Bạc Liêu"]
    assert "tăng mạnh nhất" in answer_plain(rose)
    led = await answerer.ask("tỉnh nào dẫn đầu chỉ số minh bạch 2031")
    assert led.entities == ["Yên Bái"]


async def test_things_counted_are_not_answered_with_a_share(answerer: Answerer) -> None:
    # "bao nhiêu kết quả" counts them: "63,2% kết quả" is of another kind, however close.
    question = answerer.parser.parse("lai chau nam 2031 so hoa duoc bao nhieu ket qua thu tuc")
    (share,) = [s.fact for s in answerer.rank(question) if s.figure.value == 63.2]
    found = answerer.features(question, share)
    assert found is not None
    assert dict(zip(FEATURES, found[1], strict=True))["kind_mismatch"] == 1.0


async def test_a_suggested_share_names_what_it_is_a_share_of() -> None:
    figure = Figure(raw="100%", value=100, unit="%")
    fact = Fact(
        article="a",
        sentence_no=1,
        quote="Đến nay 100% bộ, ngành, địa phương đã kết nối, liên thông gửi, nhận văn bản.",
        figures=(figure,),
        kind="actual",
        measure="bộ ngành, địa phương đã kết nối, liên thông gửi, nhận văn bản",
        subject="Việt Nam",
        period="2029",
        period_label="năm 2029",
    )
    assert (
        suggestion_for(fact) == "Bao nhiêu % bộ ngành, địa phương đã kết nối của Việt Nam năm 2029?"
    )


async def test_a_part_of_the_un_index_asked_through_the_survey(answerer: Answerer) -> None:
    # "theo báo cáo CPĐT": the survey's index is named, its part without "chỉ số": the part's
    # figure is not ruled out as another index's.
    question = answerer.parser.parse(
        "theo báo cáo CPĐT 2031 của LHQ, hạ tầng viễn thông VN đạt mấy điểm"
    )
    assert "EGDI" in question.indices
    assert answerer.rank(question)[0].figure.value == 0.8224


async def test_a_score_asked_is_never_answered_with_a_place(answerer: Answerer) -> None:
    # "egdi_2026" gives Vietnam's place in 2026 ("xếp thứ 64"): no candidate for its score.
    question = answerer.parser.parse("chỉ số EGDI 2026 của Việt Nam được bao nhiêu điểm")
    places = [
        fact
        for fact in answerer._candidates(question)
        if fact.article == "egdi_2026" and fact.primary.unit == "rank"
    ]
    assert places and all(answerer.features(question, fact) is None for fact in places)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("trụ cột xã hội số DTI cấp tỉnh 2031 tăng bao nhiêu %", 13.4),
        ("tru cot kinh te so cap tinh 2031 tang bao nhieu phan tram", 13.3),
    ],
)
async def test_the_rise_of_one_pillar(answerer: Answerer, question: str, value: float) -> None:
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.value == value


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("QĐ ban hành đề án CĐS Kon Tum ký ngày nào", "2031-08-01"),
        ("nghị quyết về chuyển đổi số của tỉnh ủy kon tum ban hành ngày nào", "2031-07-14"),
        ("đề án chuyển đổi số kon tum được phê duyệt ngày nào", "2031-08-01"),
    ],
)
async def test_the_day_of_the_document_asked(answerer: Answerer, question: str, day: str) -> None:
    answer = await answerer.ask(question)
    assert answer.figure is not None and answer.figure.period == day


async def test_a_date_of_another_document_is_marked(answerer: Answerer) -> None:
    question = answerer.parser.parse("QĐ ban hành đề án CĐS Kon Tum ký ngày nào")
    marked = {}
    for scored in answerer.rank(question):
        if scored.fact.article == "hai_van_ban_2031" and scored.figure.unit == "date":
            found = answerer.features(question, scored.fact)
            assert found is not None
            features = dict(zip(FEATURES, found[1], strict=True))
            marked[scored.fact.period] = features["document_other"]
    # the resolution's day is another document's; the decision's is the one asked
    assert marked == {"2031-07-14": 1.0, "2031-08-01": 0.0}


async def test_a_day_without_its_year_answers_for_the_year_of_its_page(
    answerer: Answerer,
) -> None:
    # "phát hành ... ngày 11/5" in a page of 2031: asked with the year, it is that year's day.
    answer = await answerer.ask("ngày công bố báo cáo chỉ số dữ liệu mở 2031")
    assert answer.figure is not None and answer.figure.period == "2031-05-11"
