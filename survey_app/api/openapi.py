"""The OpenAPI 3.1 document of the sync API, built from the rules' own code lists.

The lists and limits come from services/household_rules.py, so the document
cannot drift from what the server accepts.
"""

from survey_app.services import household_rules as rules

UUID = {"type": "string", "format": "uuid"}
FLAG = {"type": "boolean", "default": False}


def _text(max_length: int, *, nullable=True) -> dict:
    return {"type": ["string", "null"] if nullable else "string", "maxLength": max_length}


def _codes(codes: tuple[str, ...]) -> dict:
    return {"type": "string", "enum": list(codes)}


TRADE = {
    "oneOf": [
        {"type": "object", "required": ["code"],
         "properties": {"code": {"type": "string", "description": "An active catalogue code"}}},
        {"type": "object", "required": ["other"],
         "properties": {"other": {"type": "string", "minLength": 2, "maxLength": 200}}},
    ],
}

MEMBER = {
    "type": "object",
    "required": ["sex", "birth_year", "education", "current_work", "trades", "desired_level",
                 "study_place", "work_away"],
    "properties": {
        "sex": _codes(rules.SEXES),
        "birth_year": {"type": "integer", "description": f"Between this year − "
                       f"{rules.MEMBER_AGE[1]} and − {rules.MEMBER_AGE[0]}"},
        "education": _codes(rules.EDUCATIONS),
        "current_work": _codes(rules.CURRENT_WORK),
        "trades": {"type": "array", "items": TRADE, "minItems": 1, "maxItems": rules.MAX_TRADES,
                   "description": "Ranked, first choice first; no trade twice"},
        "desired_level": _codes(rules.LEVELS),
        "max_duration_months": {"type": ["integer", "null"],
                                "minimum": rules.MAX_DURATION_MONTHS[0],
                                "maximum": rules.MAX_DURATION_MONTHS[1]},
        "study_place": _codes(rules.STUDY_PLACES),
        "can_board": FLAG,
        "work_away": _codes(rules.WORK_AWAY),
        "work_away_where": _text(120),
        "constraints": _text(500),
        **dict.fromkeys(rules.PRIORITY_FLAGS, FLAG),
    },
}

ANSWER_PROPERTIES = {
    "round_id": {"type": "integer", "description": "The round open now"},
    "commune_code": {"type": "string", "description": "A commune in the surveyor's area"},
    "village": _text(120),
    "consent": {"const": True},
    "started_at": {"type": "string", "format": "date-time",
                   "description": "ISO 8601 with offset; not in the future"},
    "finished_at": {"type": "string", "format": "date-time",
                    "description": "Not before started_at"},
    "gps_lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90,
                "description": "GPS is optional, but all three fields or none"},
    "gps_lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
    "gps_accuracy_m": {"type": ["number", "null"], "minimum": 0},
    "head_name": _text(200, nullable=False),
    "phone": {"type": ["string", "null"], "pattern": "^(0|\\+84)[0-9]{8,10}$"},
    "household_size": {"type": "integer", "minimum": rules.HOUSEHOLD_SIZE[0],
                       "maximum": rules.HOUSEHOLD_SIZE[1]},
    "ethnicity": _text(60, nullable=False),
    "poverty_status": _codes(rules.POVERTY_STATUSES),
    "main_livelihood": _codes(rules.LIVELIHOODS),
    "members": {"type": "array", "items": MEMBER, "minItems": 1,
                "maxItems": rules.MAX_MEMBERS},
}
ANSWER_REQUIRED = ["round_id", "commune_code", "consent", "started_at", "finished_at",
                   "head_name", "household_size", "ethnicity", "poverty_status",
                   "main_livelihood", "members"]

SUBMISSION = {
    "type": "object",
    "required": ["instance_id", *ANSWER_REQUIRED],
    "properties": {
        "instance_id": {**UUID, "description": "Made on the tablet when the form is opened"},
        "replaces": {"type": ["string", "null"], "format": "uuid",
                     "description": "For an edit: the instance_id of the current version"},
        **ANSWER_PROPERTIES,
    },
}

RECEIPT = {
    "type": "object", "required": ["result", "instance_id", "root_id", "version"],
    "properties": {"result": {"enum": ["stored", "already_received"]}, "instance_id": UUID,
                   "root_id": UUID, "version": {"type": "integer", "minimum": 1}},
}
CONFLICT = {
    "type": "object", "required": ["error", "reason", "message"],
    "properties": {"error": {"const": "conflict"},
                   "reason": {"enum": ["instance_id_reused", "stale_edit", "reviewed"]},
                   "current_instance_id": {"type": ["string", "null"], "format": "uuid"},
                   "message": {"type": "string"}},
}
INVALID = {
    "type": "object", "required": ["error", "fields"],
    "properties": {"error": {"const": "invalid"},
                   "fields": {"type": "object", "additionalProperties": {"type": "string"},
                              "description": "Field path (1-based: members[2].birth_year) → "
                                             "message in the user's language"}},
}
ERROR = {"type": "object", "required": ["error"],
         "properties": {"error": {"type": ["string", "integer"]}, "message": {"type": "string"}}}
STORED = {
    "type": "object",
    "properties": {"instance_id": UUID, "replaces": {"type": ["string", "null"]},
                   "root_id": UUID, "version": {"type": "integer"},
                   "is_current": {"type": "boolean"},
                   "status": {"enum": ["received", "approved", "has_issues", "rejected"]},
                   "review_comment": {"type": ["string", "null"]},
                   "payload": {"type": "object", "required": ANSWER_REQUIRED,
                               "properties": ANSWER_PROPERTIES},
                   "received_at": {"type": "string", "format": "date-time"}},
}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


UNAUTHORIZED = _json("No session: sign in again, then send", ERROR)


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Household survey sync API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/csrf-token": {"get": {"summary": "A fresh CSRF token, fetched before each sync",
                                    "responses": {"200": _json("The token", {
                                        "type": "object",
                                        "properties": {"csrf_token": {"type": "string"}}}),
                                        "401": UNAUTHORIZED}}},
            "/me": {"get": {"summary": "Whose outbox this session may send",
                            "responses": {"200": _json("The signed-in user", {
                                "type": "object",
                                "properties": {"id": {"type": "integer"},
                                               "username": {"type": "string"},
                                               "full_name": {"type": "string"},
                                               "role": {"type": "string"}}}),
                                "401": UNAUTHORIZED}}},
            "/household-responses": {"post": {
                "summary": "Send one response (a new one, a retry or an edit)",
                "parameters": [{"name": "X-CSRFToken", "in": "header", "required": True,
                                "schema": {"type": "string"}}],
                "requestBody": {"required": True,
                                "content": {"application/json": {"schema": SUBMISSION}}},
                "responses": {
                    "201": _json("Stored", RECEIPT),
                    "200": _json("Already received: nothing changed", RECEIPT),
                    "400": _json("Missing or wrong CSRF token (error: csrf)", ERROR),
                    "401": UNAUTHORIZED,
                    "403": _json("This role may not send responses", ERROR),
                    "409": _json("Conflict: keep the response on the tablet", CONFLICT),
                    "413": _json("Body over the limit", ERROR),
                    "422": _json("Invalid answers", INVALID),
                }}},
            "/household-responses/{instance_id}": {"get": {
                "summary": "One stored version, to its surveyor or its district's supervisor",
                "parameters": [{"name": "instance_id", "in": "path", "required": True,
                                "schema": UUID}],
                "responses": {"200": _json("The stored version", STORED),
                              "401": UNAUTHORIZED,
                              "404": _json("Unknown, or not yours", ERROR)}}},
        },
    }
