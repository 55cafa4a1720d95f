"""Plain-language reasons built from a plan's numbers, in Vietnamese and English.

Each function returns ``(vi, en)``. Whole numbers are grouped the way each language writes them:
1.234 in Vietnamese, 1,234 in English (as in Babel's locale data, which is too slow to call for
every number of a province's plan). Amounts are in đồng ("đ" / "VND"). Names of places come from
the regions table (``name_vi``, ``name_en``), like every bilingual datum.
"""

Reason = tuple[str, str]


def number(value: int, lang: str) -> str:
    """The whole number ``value`` for ``lang`` ("vi" or "en"): 1.234.567 or 1,234,567."""
    grouped = f"{int(value):,}"
    return grouped.replace(",", ".") if lang == "vi" else grouped


def _count(value: int, one: str, many: str) -> str:
    return f"{number(value, 'en')} {one if value == 1 else many}"


def course_reason(
    *,
    trainees: int,
    communes: int,
    jobs_local: int,
    businesses: int,
    unit: tuple[str, str],
    jobs_zone: int,
    priority: int,
) -> Reason:
    """Why a course is proposed: "42 người ở 5 xã muốn học; 30 chỗ làm tại 2 doanh nghiệp ở …"."""
    vi = [f"{number(trainees, 'vi')} người ở {number(communes, 'vi')} xã muốn học"]
    en = [
        f"{_count(trainees, 'person', 'people')} in {_count(communes, 'commune', 'communes')} "
        f"want to train"
    ]
    if jobs_local:
        vi.append(
            f"{number(jobs_local, 'vi')} chỗ làm tại {number(businesses, 'vi')} doanh nghiệp "
            f"ở {unit[0]}"
        )
        en.append(
            f"{_count(jobs_local, 'job', 'jobs')} at "
            f"{_count(businesses, 'business', 'businesses')} in {unit[1]}"
        )
    if jobs_zone:
        vi.append(f"{number(jobs_zone, 'vi')} chỗ làm ở nơi khác trong cùng vùng")
        en.append(f"{_count(jobs_zone, 'job', 'jobs')} elsewhere in the same zone")
    if not jobs_local and not jobs_zone:
        vi.append("chưa doanh nghiệp nào cần: khóa tự tạo việc làm hoặc đi làm xa")
        en.append("no business needs this trade yet: a self-employment or labour-export course")
    if priority:
        vi.append(f"{number(priority, 'vi')} người thuộc nhóm ưu tiên")
        en.append(f"{_count(priority, 'person', 'people')} in priority groups")
    return "; ".join(vi), "; ".join(en)


def left_out_reason(*, cost: int, left: int, budget: int) -> Reason:
    """Why a course did not fit the budget."""
    if cost > budget:
        return (
            f"Chi phí {number(cost, 'vi')} đ vượt cả ngân sách {number(budget, 'vi')} đ",
            f"Its cost, {number(cost, 'en')} VND, exceeds the whole budget of "
            f"{number(budget, 'en')} VND",
        )
    return (
        f"Chi phí {number(cost, 'vi')} đ vượt phần ngân sách còn lại {number(left, 'vi')} đ "
        "sau các khóa được ưu tiên hơn",
        f"Its cost, {number(cost, 'en')} VND, exceeds the {number(left, 'en')} VND left once the "
        "higher-priority courses are funded",
    )


def below_minimum_reason(*, trainees: int, seated: int, minimum: int, place: str) -> Reason:
    """Why trainees at a site have no class: too few, or left over once the classes are full."""
    if seated:
        return (
            f"{number(trainees, 'vi')} người còn lại sau khi xếp đủ lớp, chưa đủ sĩ số tối thiểu "
            f"{number(minimum, 'vi')}",
            f"{_count(trainees, 'person', 'people')} left once the classes are full, fewer than "
            f"the minimum class of {number(minimum, 'en')}",
        )
    vi = f"{number(trainees, 'vi')} người, dưới sĩ số tối thiểu {number(minimum, 'vi')}"
    en = (
        f"{_count(trainees, 'person', 'people')}, fewer than the minimum class of "
        f"{number(minimum, 'en')}"
    )
    if place == "commune":
        vi += "; chỉ học được trong xã: có thể mở lớp lưu động"
        en += "; they can only attend in their own commune: a mobile class may serve them"
    return vi, en


def gap_reason(*, unmatched: int, openings: int, businesses: int, unit: tuple[str, str]) -> Reason:
    """Why openings are a recruitment gap."""
    of_vi = f"{number(unmatched, 'vi')} trong " if unmatched < openings else ""
    of_en = f"{number(unmatched, 'en')} of " if unmatched < openings else ""
    return (
        f"{of_vi}{number(openings, 'vi')} chỗ làm tại {number(businesses, 'vi')} doanh nghiệp ở "
        f"{unit[0]} chưa có người học nghề phù hợp",
        f"{of_en}{_count(openings, 'job', 'jobs')} at "
        f"{_count(businesses, 'business', 'businesses')} in {unit[1]} have no trainee to fill them",
    )


NO_WISHES: Reason = (
    "Không có nguyện vọng học nghề nào được tính trong khảo sát: chưa có khóa học để đề xuất",
    "No training wish counts in this survey: there is no course to propose",
)
"""No wishes, or only wishes whose choice weight is 0."""
NO_CLASS: Reason = (
    "Không điểm lớp nào đủ sĩ số tối thiểu: xem danh sách nhu cầu chưa đủ lớp",
    "No class site reaches the minimum class size: see the demand below the minimum",
)
