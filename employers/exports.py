"""What the export of a reader's data holds about companies' teams (core/exports.py)."""

from employers.models import Claim, Member


def claims(user) -> list[dict]:
    return [
        {
            "company": claim.company.name,
            "email": claim.email,
            "job_title": claim.job_title,
            "status": claim.get_status_display(),
            "reason": claim.reason,
            "asked_at": claim.created_at.isoformat(),
            "confirmed_at": claim.confirmed_at.isoformat() if claim.confirmed_at else None,
            "decided_at": claim.decided_at.isoformat() if claim.decided_at else None,
        }
        for claim in Claim.objects.filter(user=user).select_related("company")
    ]


def teams(user) -> list[dict]:
    return [
        {
            "company": member.company.name,
            "email": member.email,
            "owner": member.is_owner,
            "joined_at": member.joined_at.isoformat(),
        }
        for member in Member.objects.filter(user=user).select_related("company")
    ]
