"""Structured data shared by every part of the site."""


def breadcrumb_json_ld(request, trail: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }
