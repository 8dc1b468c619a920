"""The scraped-text reader on both seeds and on the same shapes in other languages."""

from pathlib import Path

import pytest
from helpers import SEEDS, write_sources

from newsroom.content_layout import plain_layout
from newsroom.errors import SourceError
from newsroom.model import Figure, Heading, Paragraph, Quote
from newsroom.sources.raw_text import read_raw_text

FRENCH = SEEDS / "000_dcc3f5867b0896a6.txt"
INDONESIAN = SEEDS / "002_ba7ef5ae972d85b2.txt"
SOURCE_URL = "https://vietnamnet.vn/lam-viec-dien-cuong-100-gio-moi-tuan-de-tim-ra-sieu-tri-tue-nhan-tao-2455913.html"


def shape(article):
    return [type(b).__name__[0] for b in article.blocks]


def block_texts(article):
    texts = []
    for block in article.blocks:
        texts.append(f"{block.caption} {block.credit}" if isinstance(block, Figure) else block.text)
    return texts


def test_french_seed_block_structure():
    article = read_raw_text(FRENCH, plain_layout(SEEDS))
    assert article.lang == "fr"
    assert article.title == "Josh Batson n'a pas le temps pour les réseaux sociaux"
    assert "".join(shape(article)) == "PPPPPPP" "H" "PPPPPPPPP" "H" "PPPPP"
    headings = [b.text for b in article.blocks if isinstance(b, Heading)]
    assert headings == ["Culture de travail « 0-0-2 »", "Quand les technophiles deviennent des stars"]
    assert article.attribution == "Selon le WSJ"
    assert article.source_url == SOURCE_URL
    assert article.date is None


def test_indonesian_seed_block_structure():
    article = read_raw_text(INDONESIAN, plain_layout(SEEDS))
    assert article.lang == "id"
    assert article.title == "Josh Batson tidak punya waktu untuk media sosial"
    assert "".join(shape(article)) == "PPPPPPP" "H" "PP" "F" "PPPPPPP" "H" "PPPPP"
    headings = [b.text for b in article.blocks if isinstance(b, Heading)]
    assert headings == ['Budaya kerja "0-0-2"', "Ketika teknisi menjadi bintang"]
    (figure,) = [b for b in article.blocks if isinstance(b, Figure)]
    assert figure.caption == "Para insinyur dan pakar AI berpacu dengan waktu untuk menemukan kecerdasan buatan super."
    assert figure.credit == "Foto: WSJ"
    assert figure.alt == "super ai wsj"
    assert article.attribution == "Menurut WSJ"
    assert article.source_url == SOURCE_URL


@pytest.mark.parametrize(
    "seed, debris",
    [
        (FRENCH, {"Comment (0)"}),
        (INDONESIAN, {"super ai wsj", "‘Mereka Ingin Saya Menjadi Pengangguran’: Para Penerjemah Berputar-putar "
                      "Menghadapi Pusaran AI 'Mereka ingin saya menganggur': Para penerjemah terguncang oleh pusaran AI"}),
    ],
)
def test_no_sentence_lost_and_no_debris_left(seed: Path, debris: set[str]):
    article = read_raw_text(seed, plain_layout(SEEDS))
    lines = {line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()}
    structural = {f"({article.attribution})"} | {line for line in lines if line.startswith(("Source:", "Sumber:"))}
    texts = block_texts(article)
    assert set(texts) == lines - debris - structural
    assert len(texts) == len(set(texts)), "a line was emitted twice"
    for junk in debris:
        assert not any(junk in text for text in texts)


def test_shapes_are_recognised_in_other_languages_and_scripts(content):
    write_sources(content, {"bao.txt": "\n".join([
        "Thủ tướng đã khai trương tuyến đường sắt cao tốc đầu tiên của đất nước vào sáng thứ Hai tại Hà Nội.",
        "Tuyến đường dài 120 km nối thủ đô với thành phố cảng Hải Phòng, rút ngắn thời gian di chuyển còn ba mươi phút.",
        "tau cao toc ha noi",
        "Đoàn tàu đầu tiên rời ga Hà Nội lúc 8 giờ sáng. Ảnh: TTXVN",
        "Đường Sắt Cao Tốc: Tương Lai Của Giao Thông Việt Nam Đường sắt cao tốc: tương lai của giao thông",
        "Kỳ vọng của người dân",
        "Nhiều hành khách cho biết họ sẽ sử dụng tàu thay cho xe khách trong các chuyến đi hàng tuần.",
        "“Chúng tôi đã chờ đợi tuyến đường này suốt mười năm.”",
        "(Theo VnExpress)",
        "Nguồn：https://example.vn/duong-sat?utm_medium=social",
        "Bình luận (12)",
        "Chia sẻ",
    ])})
    article = read_raw_text(content / "bao.txt", plain_layout(content))
    assert article.lang == "vi"
    assert [type(b) for b in article.blocks] == [Paragraph, Paragraph, Figure, Heading, Paragraph, Quote]
    assert article.blocks[2] == Figure("Đoàn tàu đầu tiên rời ga Hà Nội lúc 8 giờ sáng.", "Ảnh: TTXVN", "tau cao toc ha noi")
    assert article.blocks[5] == Quote("Chúng tôi đã chờ đợi tuyến đường này suốt mười năm.")
    assert article.attribution == "Theo VnExpress"
    assert article.source_url == "https://example.vn/duong-sat", "tracking parameters are not shown or linked"


def test_cjk_title_is_cut_at_a_clause_without_spaces(content):
    write_sources(content, {"metro.txt": "上海市政府昨天宣布，从下个月开始，地铁将在周末延长运营时间至凌晨两点，以满足市民夜间出行的需求。\n"
                                        "市交通委员会表示，这项措施将首先在五条主要线路上试行。\n（据新华社）\n来源：https://example.cn/a\n"})
    article = read_raw_text(content / "metro.txt", plain_layout(content))
    assert article.lang == "zh"
    assert article.title == "上海市政府昨天宣布，从下个月开始，地铁将在周末延长运营时间至凌晨两点…"
    assert article.attribution == "据新华社"
    assert article.slug.startswith("上海市政府昨天宣布")


def test_long_lead_title_is_shortened_at_a_word_boundary(content):
    lead = ("The regional council voted on Tuesday evening to extend the pedestrian zone across the whole "
            "historic centre of the city, despite protests from shop owners. More follows.")
    write_sources(content, {"zone.txt": f"{lead}\nSource: https://example.com/zone\n"})
    title = read_raw_text(content / "zone.txt", plain_layout(content)).title
    assert title.endswith("…") and len(title) <= 91
    assert lead.startswith(title[:-1])
    assert not title[:-1].endswith(" ")


def test_file_name_suffix_sets_the_language(content):
    write_sources(content, {"note.ms.txt": "Kerajaan telah mengumumkan langkah baharu.\nSumber: https://example.my/a\n"})
    assert read_raw_text(content / "note.ms.txt", plain_layout(content)).lang == "ms"


def test_indonesian_and_malay_are_told_apart(content):
    write_sources(content, {
        "a.txt": "Pemerintah Indonesia mengumumkan bahwa sekolah akan dibuka kembali bulan depan setelah "
                 "libur panjang, kata menteri pendidikan kepada wartawan di Jakarta pada hari Senin.\n"
                 "Sumber: https://example.id/a\n",
        "b.txt": "Kerajaan Malaysia telah mengumumkan bahawa sekolah akan dibuka semula pada bulan hadapan "
                 "selepas cuti panjang, kata menteri pendidikan kepada pemberita di Kuala Lumpur pada hari Isnin.\n"
                 "Sumber: https://example.my/b\n",
    })
    assert read_raw_text(content / "a.txt", plain_layout(content)).lang == "id"
    assert read_raw_text(content / "b.txt", plain_layout(content)).lang == "ms"


def test_source_line_must_be_a_web_url(content):
    write_sources(content, {"x.txt": "Une phrase complète de l'article.\nSource: javascript:alert(1)\n"})
    with pytest.raises(SourceError, match="no source line"):
        read_raw_text(content / "x.txt", plain_layout(content))
