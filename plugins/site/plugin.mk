# The site shows each briefing with the HTML writer's article: it links that
# plugin's renderer (every object but its plugin.c), hidden inside site.so.
USES_site := html
