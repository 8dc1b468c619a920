"""One Jinja environment; every page is rendered from a PageSpec, never from mutable state."""

from __future__ import annotations

import gettext as gettext_module
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .config import MarkdownOptions, SiteConfig
from .errors import SourceError
from .i18n import has_catalog, load_translations
from .languages import babel_locale, native_name, text_direction
from .html_links import rewrite_references
from .model import SanitisedHtml, ShortcodeCall
from .page_spec import PageSpec
from .shortcodes import expand
from .views import ArticleView
from .theme import THEME_PREFIX, Theme

TEMPLATE_SUFFIX = ".html"
SHORTCODE_FOLDER = "shortcodes"  # shortcodes/NAME.html renders Hugo's {{< NAME >}}


def make_environment(theme: Theme, config: SiteConfig, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """The one environment of a build; compiled templates are kept in `bytecode_dir`.

    A template is looked up in the site's folder, then the theme's; `theme:NAME` is always
    the theme's, so a site's NAME can extend the very template it replaces."""
    cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(bytecode_dir))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            *(jinja2.FileSystemLoader(str(folder)) for folder in theme.template_dirs),
            jinja2.PrefixLoader({THEME_PREFIX: jinja2.FileSystemLoader(str(theme.template_dirs[-1]))}, delimiter=":"),
        ]),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Gettext callables are passed per page (each page has its language); the
    # extension only needs to know they take keyword arguments (new style).
    env.install_null_translations(newstyle=True)
    env.filters["markdown_inline"] = lambda text: _markdown_inline(text, config.markdown)
    env.globals.update(language_name=native_name, link=config.link, extra=config.extra,
                       content_security_policy=Markup(config.content_security_policy))  # checked tokens only
    return env


def _page_gettext(translations: gettext_module.NullTranslations, lang: str) -> dict[str, Any]:
    """New-style gettext for one language: escapes its arguments, like Jinja's own; and
    count_forms() for counts a script shows (see count_forms)."""

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
        text = translations.gettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables if variables else text

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = translations.ngettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    def count_forms(singular: str, plural: str) -> dict[str, str]:
        """The message in each CLDR plural category of the language, "{num}" in place of the
        number: a script picks the form with Intl.PluralRules, as ngettext would."""
        rule = babel_locale(lang).plural_form
        samples: dict[str, int] = {}
        for number in (*range(200), 1000, 1_000_000):
            samples.setdefault(rule(number), number)
        return {category: translations.ngettext(singular, plural, number) % {"num": "{num}"}
                for category, number in sorted(samples.items())}

    return {"gettext": gettext, "ngettext": ngettext, "count_forms": count_forms}


class PageRenderer:
    """Renders pages; a template mistake raises SourceError naming the template and line."""

    def __init__(self, env: jinja2.Environment, theme: Theme, config: SiteConfig):
        self.env = env
        self.theme = theme
        self.templates_dir = theme.site_templates  # where a site adds or fixes a template
        self.config = config
        self._gettext: dict[str, dict[str, Any]] = {}

    def translations(self, lang: str) -> dict[str, Any]:
        """gettext for the page's language, and `ui()`: on a page whose language has no
        catalog, each interface string (English) is marked lang="en" and isolated, so it
        is read as English and keeps its direction inside a right-to-left page."""
        if lang not in self._gettext:
            self._gettext[lang] = _page_gettext(load_translations(self.theme.locale_dirs, lang), lang)
            self._gettext[lang]["ui"] = _keep if has_catalog(self.theme.locale_dirs, lang) else _mark_english
        return self._gettext[lang]

    def render(self, spec: PageSpec) -> str:
        try:
            article = spec.context.get("article")
            if isinstance(article, ArticleView) and any(isinstance(b, SanitisedHtml) for b in article.blocks):
                spec = replace(spec, context={**spec.context, "article": self._finished(article)})
            template = self.env.get_template(spec.template)
            return template.render(
                site_title=self.config.title_for(spec.lang), lang=spec.lang, dir=text_direction(spec.lang),
                page=spec.meta, **self.translations(spec.lang), **spec.context,
            )
        except jinja2.TemplateSyntaxError as exc:
            path = Path(exc.filename) if exc.filename else self.templates_dir / spec.template
            raise SourceError(path, f"template syntax error: {exc.message}", "fix the template", exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise SourceError(self.templates_dir / str(exc.name), "template not found", f"add it to {self.templates_dir}") from None
        except Exception as exc:  # undefined names, and Python errors raised by template code (1 // 0)
            path, line = _template_frame(exc, self.theme.template_dirs, spec.template)
            detail = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
            raise SourceError(path, f"template error: {detail}", "fix the template", line) from None


    def _finished(self, article: ArticleView) -> ArticleView:
        """The body as published: each shortcode's template output in its place, and local
        links and images pointing where views resolved them."""
        links = {target: self.config.link(path) for target, path in article.links}
        blocks = tuple(
            replace(block, html=rewrite_references(expand(block.html, block.shortcodes,
                                                          lambda call, inner: self._shortcode(call, inner, article)), links),
                    shortcodes=())
            if isinstance(block, SanitisedHtml) else block for block in article.blocks)
        return replace(article, blocks=blocks)

    def _shortcode(self, call: ShortcodeCall, inner_html: str, article: ArticleView) -> str:
        """A shortcode's template output; an unknown one (warned about when the site was
        planned) leaves its inner content."""
        try:
            template = self.env.get_template(f"{SHORTCODE_FOLDER}/{call.name}{TEMPLATE_SUFFIX}")
        except jinja2.TemplateNotFound:
            return inner_html
        paths = dict(article.links)

        def resolve(target: str, absolute: bool = False) -> str:
            path = paths.get(target)
            return "" if path is None else self.config.absolute(path) if absolute else self.config.link(path)

        return template.render(**self.translations(article.lang), lang=article.lang, dir=article.dir, article=article,
                               name=call.name, args=call.args, params=defaultdict(str, call.named), inner=call.inner or "",
                               inner_html=Markup(inner_html), page_params=dict(article.params), resolve=resolve)


def _markdown_inline(text: str, options: MarkdownOptions) -> Markup:
    """A shortcode argument written in Markdown (a figure's caption), sanitised."""
    if not text:
        return Markup("")
    from .markdown_engine import render_inline  # the Markdown library, only when a template asks

    return Markup(render_inline(str(text), options))


def _keep(text: str) -> str:
    return text


def _mark_english(text: str) -> Markup:
    return Markup('<bdi lang="en" dir="ltr">') + text + Markup("</bdi>")


def _template_frame(exc: BaseException, template_dirs: tuple[Path, ...], fallback: str) -> tuple[Path, int | None]:
    """Find the innermost template line in a render traceback."""
    found: tuple[Path, int | None] = (template_dirs[0] / fallback, None)
    tb = exc.__traceback__
    roots = tuple(str(folder.resolve()) for folder in template_dirs)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIX) and str(Path(filename).resolve()).startswith(roots):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found
