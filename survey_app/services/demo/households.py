"""Household responses: who lives where, what they want to learn, when they were surveyed."""

import uuid
from datetime import timedelta

import numpy as np
from flask_babel import gettext

from survey_app.extensions import db
from survey_app.models import (
    HouseholdMember,
    HouseholdResponse,
    Level,
    PovertyStatus,
    ReviewStatus,
    Sex,
    StudyPlace,
    TradeChoice,
    User,
    WorkAway,
)
from survey_app.services.demo.bulk import bulk_insert, insert_with_ids
from survey_app.services.demo.draw import Draw, Names, iso, local
from survey_app.services.demo.profiles import (
    EDUCATION_ORDER,
    URBAN_LIVELIHOODS,
    Commune,
    DemoError,
    Reference,
)
from survey_app.services.payloads import payload_hash


class Households:
    def __init__(self, profiles, ref: Reference, users: dict[str, User], survey_round, rng):
        self.p = profiles
        self.ref = ref
        self.round = survey_round
        self.draw = Draw(rng)
        self.rng = rng
        self.names = Names(profiles, self.draw)
        self.year = profiles["fieldwork"]["year"]
        weeks = profiles["fieldwork"]["fieldwork_weeks"]
        # Surveyors work Monday to Saturday.
        days = (survey_round.opens_on + timedelta(days=i) for i in range(weeks * 7))
        self.days = [d for d in days if d.weekday() != 6 and d <= survey_round.closes_on]
        self.surveyors = {
            d: sorted(a["username"] for a in profiles["accounts"]
                      if a["role"] == "surveyor" and d in a["districts"])
            for d in ref.districts
        }
        uncovered = [d for d, names in self.surveyors.items() if not names]
        if uncovered:
            # gettext, not _: this module's loops name the values they drop _.
            raise DemoError(gettext("No demo surveyor is assigned to districts %(codes)s.",
                                    codes=", ".join(uncovered)))
        supervised = {d for a in profiles["accounts"] if a["role"] == "supervisor"
                      for d in a["districts"]}
        self.user_ids = {name: user.id for name, user in users.items()}
        # The one demo supervisor reviews their districts; the admin stands in elsewhere.
        self.reviewer = {d: "supervisor" if d in supervised else "admin" for d in ref.districts}
        self.villages = {}

    def create(self, allocation: dict[str, int]) -> tuple[int, int, int]:
        responses = []
        for district in self.ref.districts:
            communes = [c for c in self.ref.communes[district] if allocation[c.code] > 0]
            targets = np.array([allocation[c.code] for c in communes], dtype=float)
            # Fieldwork never hits targets exactly: the district total holds, communes vary.
            drawn = self.rng.multinomial(int(targets.sum()), targets / targets.sum())
            for commune, n in zip(communes, drawn, strict=True):
                responses.extend(self.household(district, commune) for _ in range(n))
        responses.sort(key=lambda r: (r[0]["received_at"], r[0]["instance_id"]))
        ids = insert_with_ids(HouseholdResponse, [r[0] for r in responses])
        members, choices = [], []
        for response_id, (_, people) in zip(ids, responses, strict=True):
            for member, trades in people:
                members.append({**member, "response_id": response_id})
                choices.append(trades)
        member_ids = insert_with_ids(HouseholdMember, members)
        choice_rows = [
            {"member_id": member_id, "rank": rank, "trade_id": self.ref.trades[code].id}
            for member_id, codes in zip(member_ids, choices, strict=True)
            for rank, code in enumerate(codes, start=1)
        ]
        if choice_rows:
            db.session.execute(bulk_insert(TradeChoice), choice_rows)
        return len(ids), len(member_ids), len(choice_rows)

    def village(self, commune: Commune) -> str:
        if commune.kind == "phuong":  # towns are divided into numbered residential groups
            return f"Tổ {self.draw.between(1, 20)}"
        if commune.code not in self.villages:
            syllables = self.p["village_syllables"]
            first, second = syllables["first"], syllables["second"]
            self.villages[commune.code] = [
                f"Thôn {self.draw.uniform(first)} {self.draw.uniform(second)}" for _ in range(6)
            ]
        return self.draw.uniform(self.villages[commune.code])

    def household(self, district: str, commune: Commune) -> tuple[dict, list]:
        d, draw = self.p["districts"][district], self.draw
        setting = self.p["settings"][d["setting"]]
        ethnicity = draw.weighted(d["ethnicity"])
        # Kinh families on the plateau are mostly officials and traders, rarely poor.
        poor_factor = 0.4 if ethnicity == "Kinh" else 1.0
        u = self.rng.random()
        poverty = (PovertyStatus.POOR if u < d["poor"] * poor_factor else
                   PovertyStatus.NEAR_POOR if u < (d["poor"] + d["near_poor"]) * poor_factor else
                   PovertyStatus.NONE)
        n_members = draw.weighted({1: 55, 2: 33, 3: 12})
        size = max(n_members, 2 + int(self.rng.binomial(7, setting["household_size_p"])))
        livelihood = draw.weighted(setting["livelihoods"])

        started = local(draw.uniform(self.days), draw.between(450, 1050))
        short = draw.chance(0.03)
        minutes = (2 + self.rng.random() * 5 if short else
                   min(40.0, max(10.0, 6 + 7 * n_members + self.rng.normal(0, 5))))
        finished = started + timedelta(seconds=round(minutes * 60))
        # Tablets on the plateau often wait days for a signal before they sync.
        delay = (self.rng.random() * 30 if draw.chance(0.45) else
                 60 + self.rng.random() * (96 if d["setting"] == "plateau" else 36) * 60)
        received = finished + timedelta(seconds=round(delay * 60))
        gps = None
        if draw.chance(0.87):
            gps = (round(commune.lat + self.rng.normal(0, 0.015), 6),
                   round(commune.lon + self.rng.normal(0, 0.015), 6),
                   round(3 + self.rng.exponential(12), 1))
        status, comment = self.review(short)
        head_female = draw.chance(0.15)
        payload = {
            "round_id": self.round.id,
            "commune_code": commune.code,
            "village": self.village(commune),
            "consent": True,
            "started_at": iso(started),
            "finished_at": iso(finished),
            "gps_lat": gps[0] if gps else None,
            "gps_lon": gps[1] if gps else None,
            "gps_accuracy_m": gps[2] if gps else None,
            "head_name": self.names.person(ethnicity, head_female),
            "phone": self.names.phone() if draw.chance(0.78) else None,
            "household_size": size,
            "ethnicity": ethnicity,
            "poverty_status": poverty.value,
            "main_livelihood": livelihood,
        }
        people = [self.member(i, d, setting, ethnicity, poverty, livelihood)
                  for i in range(1, n_members + 1)]
        # The payload has the contract's shape (docs/household-sync.md): list order is
        # the member's position, and trades are ranked objects.
        payload["members"] = [
            {**{k: v for k, v in m.items() if k != "position"},
             "trades": [{"code": code} for code in trades]}
            for m, trades in people
        ]
        instance_id = uuid.UUID(bytes=self.rng.bytes(16), version=4)
        reviewed = status != ReviewStatus.RECEIVED
        row = {
            "instance_id": instance_id, "root_id": instance_id, "replaces": None, "version": 1,
            "is_current": True, "payload": payload, "payload_hash": payload_hash(payload),
            "round_id": self.round.id, "district_id": self.ref.district_ids[district],
            "commune_id": self.ref.commune_ids[commune.code], "village": payload["village"],
            "surveyor_id": self.user_ids[draw.uniform(self.surveyors[district])],
            "status": status, "review_comment": comment,
            "reviewed_by_id": self.user_ids[self.reviewer[district]] if reviewed else None,
            "reviewed_at": (received + timedelta(hours=2 + self.rng.random() * 118)
                            if reviewed else None),
            "started_at": started, "finished_at": finished, "received_at": received,
            "gps_lat": payload["gps_lat"], "gps_lon": payload["gps_lon"],
            "gps_accuracy_m": payload["gps_accuracy_m"], "consent": True,
            "head_name": payload["head_name"], "phone": payload["phone"],
            "household_size": size, "ethnicity": ethnicity, "poverty_status": poverty,
            "main_livelihood": livelihood,
        }
        members = [({**m, "sex": Sex(m["sex"]), "desired_level": Level(m["desired_level"]),
                     "study_place": StudyPlace(m["study_place"]),
                     "work_away": WorkAway(m["work_away"])}, trades) for m, trades in people]
        return row, members

    def review(self, short: bool) -> tuple[ReviewStatus, str | None]:
        comments = self.p["review_comments"]
        if short and self.draw.chance(0.6):
            return ReviewStatus.HAS_ISSUES, comments["short_interview"]
        status = ReviewStatus(self.draw.weighted(
            {"received": 62, "approved": 29, "has_issues": 6, "rejected": 3}))
        if status == ReviewStatus.HAS_ISSUES:
            return status, self.draw.uniform(comments["has_issues"])
        if status == ReviewStatus.REJECTED:
            return status, self.draw.uniform(comments["rejected"])
        return status, None

    def member(self, position, d, setting, ethnicity, poverty, livelihood) -> tuple[dict, list]:
        draw, rng = self.draw, self.rng
        female = draw.chance(0.5)
        u = rng.random()
        # A few ages outside 15–60 on purpose: the data-quality flags must find them.
        age = (draw.uniform((13, 14, 61, 62, 64, 66)) if u < 0.02 else
               draw.between(46, 58) if u < 0.12 else 16 + int(rng.beta(1.6, 2.6) * 30))
        education = draw.weighted(setting["education"])
        ceiling = 2 if age < 16 else 3 if age < 19 else len(EDUCATION_ORDER) - 1
        education = EDUCATION_ORDER[min(EDUCATION_ORDER.index(education), ceiling)]
        work = {"farming": 40, "wage_work": 15, "self_employed": 10, "unemployed": 15,
                "housework": 10 if female else 2, "student": 60 if age < 19 else 2}
        if livelihood in URBAN_LIVELIHOODS:
            work |= {"farming": 15, "wage_work": 35, "self_employed": 20}
        current_work = draw.weighted(work)

        trades = self.trades(d, female, age)
        typical = self.ref.trades[trades[0]].typical_level.value
        levels = self.p["levels_by_typical"].get(typical, self.p["levels_by_typical"]["so_cap"])
        level = draw.weighted(levels)
        places = dict(setting["study_place"])
        if level in ("trung_cap", "cao_dang"):
            places["district"] *= 3
            places["province"] *= 4
        study_place = draw.weighted(places)
        can_board = draw.chance(0.7 if study_place == "province" else 0.4 if age < 30 else 0.15)
        abroad_trade = any(t.startswith("NG") for t in trades)
        work_away, where = "no", None
        if 18 <= age <= 35:
            u = rng.random()
            if u < (0.55 if abroad_trade else 0.04):
                work_away = "abroad"
            elif u < (0.75 if abroad_trade else 0.24):
                work_away = "outside_province"
        elif draw.chance(0.05):
            work_away = "outside_province"
        if work_away != "no":
            where = draw.uniform(self.p["work_away_where"][work_away])
        lowland = d["setting"] in ("city", "lowland")
        member = {
            "position": position,
            "sex": "female" if female else "male",
            "birth_year": self.year - age,
            "education": education,
            "current_work": current_work,
            "desired_level": level,
            "max_duration_months": draw.uniform(self.p["max_duration_months"][level]),
            "study_place": study_place,
            "can_board": can_board,
            "work_away": work_away,
            "work_away_where": where,
            "constraints": draw.uniform(self.p["constraints"]) if draw.chance(0.14) else None,
            "poor_household": poverty == PovertyStatus.POOR,
            "near_poor_household": poverty == PovertyStatus.NEAR_POOR,
            "ethnic_minority": ethnicity != "Kinh",
            "disability": draw.chance(0.02),
            "revolutionary_merit": draw.chance(0.01),
            "demobilised_soldier": not female and 20 <= age <= 32 and draw.chance(0.07),
            "land_recovered": draw.chance(0.03 if lowland else 0.01),
            "woman_lost_job": female and lowland and 25 <= age <= 45 and draw.chance(0.04),
        }
        return member, trades

    def trades(self, d: dict, female: bool, age: int) -> list[str]:
        affinity = self.p["trade_affinity"]
        traits = ["female" if female else "male"]
        traits += ["young"] if age < 30 else ["older"] if age >= 40 else []
        codes = list(d["trades"])
        weights = []
        for code in codes:
            w = float(d["trades"][code])
            for trait in traits:
                w *= affinity.get(code, {}).get(trait, 1.0)
            weights.append(w)
        k = self.draw.weighted({1: 40, 2: 35, 3: 25})
        return self.draw.without_replacement(codes, weights, k)
