"""How pages list places: districts in GSO code order, as the province's documents list them,
and each district's communes in Vietnamese alphabetical order (survey_app.text.vietnamese_key)."""

import re

# The bundled reference data's districts, by GSO code.
DISTRICTS = ["Hà Giang", "Đồng Văn", "Mèo Vạc", "Yên Minh", "Quản Bạ", "Vị Xuyên", "Bắc Mê",
             "Hoàng Su Phì", "Xín Mần", "Bắc Quang", "Quang Bình"]
# The communes of Đồng Văn (026), as a reader looks them up.
DONG_VAN = ["Thị trấn Đồng Văn", "Thị trấn Phó Bảng", "Xã Hố Quáng Phìn", "Xã Lũng Cú",
            "Xã Lũng Phìn", "Xã Lũng Táo", "Xã Lũng Thầu", "Xã Má Lé", "Xã Phố Cáo", "Xã Phố Là",
            "Xã Sảng Tủng", "Xã Sính Lủng", "Xã Sủng Là", "Xã Sủng Trái", "Xã Tả Lủng",
            "Xã Tả Phìn", "Xã Thài Phìn Tủng", "Xã Vần Chải", "Xã Xà Phìn"]


def option_groups(html: str, name: str) -> dict[str, list[str]]:
    """The option texts of the <select name=``name``>, by optgroup label, in page order."""
    [select] = re.findall(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return {label: re.findall(r"<option[^>]*>([^<]+)</option>", options)
            for label, options in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>',
                                             select, re.S)}
