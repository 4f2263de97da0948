"""The site itself, above the apps: home, search across them, sitemaps, robots.txt, health,
error pages, the Editors group and the site-wide management commands."""
