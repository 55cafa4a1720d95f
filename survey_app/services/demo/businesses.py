"""Businesses with valid tax codes, their invitations, and the hiring needs they answered."""

from datetime import timedelta

from stdnum.vn import mst

from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessNeed,
    BusinessResponse,
    Invitation,
    InvitationStatus,
    Level,
    NeedKind,
    User,
)
from survey_app.services.demo.bulk import bulk_insert, insert_with_ids
from survey_app.services.demo.draw import Draw, Names, email, local, short_place
from survey_app.services.demo.links import demo_token
from survey_app.services.demo.profiles import Reference
from survey_app.services.tokens import token_hash

# Hà Giang's prefix in enterprise tax codes.
TAX_CODE_PROVINCE = "51"


class Businesses:
    def __init__(self, profiles, ref: Reference, users: dict[str, User], survey_round, rng,
                 seed: int):
        self.b = profiles["businesses"]
        self.seed = seed
        self.p = profiles
        self.ref = ref
        self.round = survey_round
        self.draw = Draw(rng)
        self.rng = rng
        self.names = Names(profiles, self.draw)
        planner = next(a["username"] for a in profiles["accounts"] if a["role"] == "planner")
        self.planner_id = users[planner].id
        self.kind_weights = {k: v["weight"] for k, v in self.b["kinds"].items()}

    def create(self, count: int) -> tuple[int, int]:
        names, tax_codes, drawn = set(), set(), []
        for _ in range(count):
            drawn.append(self.business(names, tax_codes))
        if not drawn:
            return 0, 0
        business_ids = insert_with_ids(Business, [b[0] for b in drawn])
        invitations = [{**b[1], "business_id": bid} for bid, b in zip(business_ids, drawn,
                                                                        strict=True)]
        invitation_ids = insert_with_ids(Invitation, invitations)
        answered = [(bid, iid, b[2]) for bid, iid, b in zip(business_ids, invitation_ids, drawn,
                                                            strict=True) if b[2] is not None]
        response_ids = insert_with_ids(BusinessResponse, [
            {**response, "business_id": bid, "invitation_id": iid}
            for bid, iid, (response, _) in answered
        ])
        needs = [{**need, "response_id": rid}
                 for rid, (_, _, (_, response_needs)) in zip(response_ids, answered, strict=True)
                 for need in response_needs]
        if needs:
            db.session.execute(bulk_insert(BusinessNeed), needs)
        return len(business_ids), len(needs)

    def business(self, names: set, tax_codes: set) -> tuple[dict, dict, tuple | None]:
        draw, rng = self.draw, self.rng
        kind = self.b["kinds"][draw.weighted(self.kind_weights)]
        district = draw.weighted(kind["districts"])
        communes = self.ref.communes[district]
        commune = draw.pick(communes, [c.households or 1 for c in communes])
        for _ in range(50):
            template, ownership = draw.uniform(kind["names"])
            words = {"stem": draw.uniform(self.b["stems"]), "place": short_place(commune.name)}
            name = template.format(**words)
            if name not in names:
                break
        else:
            name = f"{name} {len(names) + 1}"
        names.add(name)
        email_word = words["stem"] if "{stem}" in template else words["place"]
        tax_code = self.tax_code(tax_codes)
        created = local(self.round.opens_on - timedelta(days=draw.between(3, 10)), 9 * 60)
        business = {
            "name": name, "tax_code": tax_code, "district_id": self.ref.district_ids[district],
            "commune_id": self.ref.commune_ids[commune.code], "sector": kind["sector"],
            "size_band": draw.weighted(kind["size_bands"]),
            "ownership": ownership or draw.weighted(kind["ownership"]),
            "created_at": created, "updated_at": created,
        }
        contact = self.names.person(draw.uniform(("Kinh", "Kinh", "Tày")), draw.chance(0.5))
        status = InvitationStatus(draw.weighted(
            {"submitted": 82, "in_progress": 8, "opened": 5, "not_opened": 5}))
        invited = local(self.round.opens_on + timedelta(days=draw.between(0, 6)), 8 * 60)
        opened = (invited + timedelta(hours=2 + rng.random() * 400)
                  if status != InvitationStatus.NOT_OPENED else None)
        invitation = {
            "round_id": self.round.id,
            "token_hash": token_hash(demo_token(self.seed, tax_code)),
            "status": status, "contact_name": contact, "contact_phone": self.names.phone(),
            "contact_email": email(email_word) if draw.chance(0.6) else None,
            "created_by_id": self.planner_id, "opened_at": opened, "revoked_at": None,
            "created_at": invited, "updated_at": opened or invited,
        }
        response = None
        if status in (InvitationStatus.SUBMITTED, InvitationStatus.IN_PROGRESS):
            response = self.response(kind, business, invitation, opened)
        return business, invitation, response

    def tax_code(self, taken: set) -> str:
        while True:
            body = TAX_CODE_PROVINCE + "".join(str(self.draw.between(0, 9)) for _ in range(7))
            # "10" when no tenth digit makes these nine a valid code: draw again.
            check = mst.calc_check_digit(body)
            code = body + check
            if check != "10" and body[2:] != "0000000" and code not in taken:
                taken.add(code)
                return code

    def response(self, kind, business, invitation, opened) -> tuple[dict, list[dict]]:
        draw, rng = self.draw, self.rng
        codes = list(kind["needs"])
        k = draw.weighted({1: 35, 2: 35, 3: 20, 4: 10})
        trades = draw.without_replacement(codes, [kind["needs"][c] for c in codes], k)
        low, high = kind["workers"]
        needs = []
        for position, code in enumerate(trades, start=1):
            trade = self.ref.trades[code]
            level = (trade.typical_level.value if draw.chance(0.7) else
                     draw.weighted(self.p["levels_by_typical"].get(
                         trade.typical_level.value, self.p["levels_by_typical"]["so_cap"])))
            bonus = {"trung_cap": 1.15, "cao_dang": 1.3}.get(level, 1.0)
            wage = self.b["wage_by_group"][trade.group] * bonus * (0.85 + 0.4 * rng.random())
            needs.append({
                "position": position,
                "kind": NeedKind.VACANCY if draw.chance(0.25) else NeedKind.PLAN,
                "trade_code": code,
                "workers": min(high, low + int(rng.exponential((high - low) / 3))),
                "level": level,
                "quarter": draw.between(1, 4),
                "wage_offered_vnd": int(round(wage, -5)),
            })
        big = business["size_band"] in ("medium", "large")
        flags = {
            "provide_trainers": draw.chance(0.45 if big else 0.2),
            "provide_workshop": draw.chance(0.5 if big else 0.25),
            "take_apprentices": draw.chance(0.6),
            "commit_to_hire": draw.chance(0.55 if big else 0.35),
            "co_fund": draw.chance(0.25 if big else 0.08),
        }
        submitted = invitation["status"] == InvitationStatus.SUBMITTED
        saved = opened + timedelta(minutes=5 + rng.random() * 60 * 24 * 5)
        payload = {
            "business_name": business["name"], "tax_code": business["tax_code"],
            "contact_name": invitation["contact_name"],
            "contact_phone": invitation["contact_phone"],
            "skills_lacking": kind["skills_lacking"], **flags,
            "needs": [{**n, "kind": n["kind"].value} for n in needs],
        }
        row = {
            "round_id": self.round.id, "version": 1, "is_current": True, "submitted": submitted,
            "saved_at": saved, "submitted_at": saved if submitted else None, "payload": payload,
            "contact_name": invitation["contact_name"],
            "contact_phone": invitation["contact_phone"],
            "skills_lacking": kind["skills_lacking"], **flags,
        }
        need_rows = [{
            "position": n["position"], "kind": n["kind"],
            "trade_id": self.ref.trades[n["trade_code"]].id, "other_text": None,
            "workers": n["workers"], "level": Level(n["level"]), "quarter": n["quarter"],
            "wage_offered_vnd": n["wage_offered_vnd"],
        } for n in needs]
        return row, need_rows
