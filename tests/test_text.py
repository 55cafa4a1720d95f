"""Text helpers: Vietnamese alphabetical order."""

from survey_app.text import vietnamese_key


def test_names_follow_the_vietnamese_alphabet_not_character_codes():
    names = ["Xã Niêm Tòng", "Xã Thượng Phùng", "Xã Nậm Ban", "Xã Tát Ngà", "Thị trấn Mèo Vạc",
             "Xã Đường Thượng", "Xã Du Già", "Xã Ắc Sơ", "Xã Ân Thi", "Xã An Bình", "Xã Ơn Tiến",
             "Xã Ông Ích", "Xã Ốc Đảo", "Xã Ưng Hòa", "Xã Uy Nỗ"]
    assert sorted(names, key=vietnamese_key) == [
        "Thị trấn Mèo Vạc", "Xã An Bình", "Xã Ắc Sơ", "Xã Ân Thi", "Xã Du Già",
        "Xã Đường Thượng", "Xã Nậm Ban", "Xã Niêm Tòng", "Xã Ốc Đảo", "Xã Ông Ích", "Xã Ơn Tiến",
        "Xã Tát Ngà", "Xã Thượng Phùng", "Xã Uy Nỗ", "Xã Ưng Hòa"]
    assert sorted(["Mèo Vạc", "Đồng Văn", "Bắc Mê", "Yên Minh"], key=vietnamese_key) == [
        "Bắc Mê", "Đồng Văn", "Mèo Vạc", "Yên Minh"]


def test_tones_count_after_the_letters_in_dictionary_order():
    assert sorted(["Mai", "mạ", "Má", "Mã", "Mả", "Mà", "Ma"], key=vietnamese_key) == [
        "Ma", "Mà", "Mả", "Mã", "Má", "mạ", "Mai"]


def test_a_word_ends_before_a_longer_one_and_case_does_not_reorder():
    assert sorted(["Nam Đàn", "na hang", "Na Rì", "Nà Chì", "NAM"], key=vietnamese_key) == [
        "Nà Chì", "na hang", "Na Rì", "NAM", "Nam Đàn"]


def test_composed_and_decomposed_text_sort_alike():
    decomposed = "Xã Na\u0302\u0323m Ban"
    assert vietnamese_key(decomposed)[:2] == vietnamese_key("Xã Nậm Ban")[:2]
