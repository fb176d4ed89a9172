"""The search façade and the results page, on the sample."""
import re

import pytest

from infotocka.extensions import db
from infotocka.models import Service
from infotocka.search import SearchQuery
from infotocka.search import search


def text(response) -> str:
    return response.get_data(as_text=True)


def search_total(url: str, client) -> int:
    return int(re.search(r"(\d+) storitev", text(client.get(url))).group(1))


def result_links(html: str) -> list[str]:
    return re.findall(r'class="card-title"[^>]*><a href="/storitev/([^"]+)"', html)


class TestEngine:
    def test_everything_visible_without_a_query(self, sample):
        result = search(SearchQuery(per_page=100))
        assert result.total == 87 and len(result.ids) == 87

    def test_case_and_diacritics_do_not_matter(self, sample):
        for text_ in ("žrtve nasilja", "ZRTVE NASILJA", "Žrtve Nasilja"):
            assert "svc-sos-telefon" in search(SearchQuery(text=text_)).ids

    def test_services_matching_every_word_come_first(self, sample):
        ids = search(SearchQuery(text="telefon otroke")).ids
        assert set(ids[:2]) == {"svc-sos-telefon", "svc-tom-telefon"}
        assert ids.index("svc-zaupni-telefon-116123") > 1

    def test_matches_organization_name_and_eligibility(self, sample):
        assert "svc-csd-trbovlje-dsp" in search(SearchQuery(text="CSD Trbovlje")).ids
        assert "svc-csd-trbovlje-dsp" in search(SearchQuery(text="dohodkovni in premoženjski")).ids

    def test_name_matches_rank_first(self, sample):
        ids = search(SearchQuery(text="telefon")).ids
        assert ids[:4] and all("telefon" in i for i in ids[:3])

    def test_no_match(self, sample):
        result = search(SearchQuery(text="xyzzy"))
        assert result.total == 0 and result.ids == []

    def test_municipality_includes_local_and_national(self, sample):
        ids = search(SearchQuery(municipality=129, per_page=100)).ids
        assert "svc-csd-trbovlje-dsp" in ids and "svc-tom-telefon" in ids
        assert "svc-csd-kranj-dsp" not in ids
        national = {"svc-tom-telefon", "svc-sos-telefon", "svc-v-nujnih-primerih"}
        assert ids.index("svc-csd-trbovlje-dsp") < min(ids.index(n) for n in national)  # local first

    def test_filters_combine_with_and(self, sample):
        both = search(SearchQuery(target_group=["starejsi"], kind=["pomoc-na-domu"]))
        assert both.ids == ["svc-du-trbovlje-pomoc-na-domu"]
        csd_trbovlje = search(SearchQuery(municipality=129, provider_type=["csd"]))
        assert sorted(csd_trbovlje.ids) == ["svc-csd-trbovlje-dsp", "svc-csd-trbovlje-storitve",
                                            "svc-csd-trbovlje-varstvo"]

    def test_facet_counts_predict_the_refined_totals(self, sample):
        base = SearchQuery(municipality=129)
        facets = search(base).facets
        for name in ("target_group", "kind", "provider_type"):
            for code, count in facets[name].items():
                refined = SearchQuery(municipality=129, **{name: [code]})
                assert search(refined).total == count, (name, code)

    def test_municipality_facet_counts_national_services(self, sample):
        facets = search(SearchQuery()).facets["municipality"]
        assert facets["129"] == search(SearchQuery(municipality=129)).total == 33

    def test_paging_is_stable(self, sample):
        first = search(SearchQuery(page=1, per_page=20))
        fifth = search(SearchQuery(page=5, per_page=20))
        assert len(first.ids) == 20 and len(fifth.ids) == 7
        every = [i for page in range(1, 6) for i in search(SearchQuery(page=page, per_page=20)).ids]
        assert len(set(every)) == 87

    def test_inactive_services_are_hidden_unless_asked(self, sample):
        db.session.get(Service, "svc-tom-telefon").status = "defunct"
        db.session.get(Service, "svc-sos-telefon").status = "temporarily closed"
        db.session.commit()
        assert "svc-tom-telefon" not in search(SearchQuery(text="telefon")).ids
        assert "svc-sos-telefon" in search(SearchQuery(text="telefon")).ids
        assert "svc-tom-telefon" in search(SearchQuery(text="telefon", include_inactive=True)).ids

    def test_organization_filter(self, sample):
        ids = search(SearchQuery(organization_id="org-dpm-trbovlje")).ids
        assert sorted(ids) == ["svc-dpm-trbovlje-bozicek-za-en-dan", "svc-dpm-trbovlje-pocitnice"]


class TestResultsPage:
    def test_results_link_to_service_pages(self, client, sample):
        html = text(client.get("/iskanje?q=telefon"))
        links = result_links(html)
        assert "svc-sos-telefon" in links and len(links) == 7
        assert "Najdeno:" in html and "7 storitev" in html

    def test_form_is_bound_to_the_query(self, client, sample):
        html = text(client.get("/iskanje?q=pomo%C4%8D&obcina=trbovlje&skupina=starejsi"))
        assert 'value="pomoč"' in html
        assert '<option value="trbovlje" selected>' in html
        assert '<input type="hidden" name="skupina" value="starejsi">' in html

    def test_an_old_link_binds_the_form_under_the_new_names(self, client, sample):
        html = text(client.get("/iskanje?q=pomo%C4%8D&municipality=trbovlje&target_group=starejsi"))
        assert '<option value="trbovlje" selected>' in html
        assert '<input type="hidden" name="skupina" value="starejsi">' in html
        assert 'name="target_group"' not in html and 'name="municipality"' not in html

    def test_municipality_by_code_or_slug(self, client, sample):
        by_code = result_links(text(client.get("/iskanje?municipality=129")))
        by_slug = result_links(text(client.get("/iskanje?municipality=trbovlje")))
        assert by_code == by_slug and "svc-csd-trbovlje-dsp" in by_code

    def test_repeated_filters_combine(self, client, sample):
        html = text(client.get("/iskanje?target_group=starejsi&kind=pomoc-na-domu"))
        assert result_links(html) == ["svc-du-trbovlje-pomoc-na-domu"]
        html = text(client.get("/iskanje?target_group=starejsi&target_group=invalidi&municipality=129"))
        assert "svc-du-trbovlje-pomoc-na-domu" in result_links(html)

    def test_facets_show_counts_and_toggle_links(self, client, sample):
        html = text(client.get("/iskanje?obcina=trbovlje"))
        assert re.search(r'href="/iskanje\?obcina=trbovlje&amp;izvajalec=csd"[^>]*>\s*'
                         r'Center za socialno delo <span class="count">\(3\)</span>', html)
        selected = text(client.get("/iskanje?obcina=trbovlje&izvajalec=csd"))
        assert 'href="/iskanje?obcina=trbovlje" class="facet-option is-selected"' in selected
        assert "Odstrani filter:" in selected

    def test_municipality_facet(self, client, sample):
        html = text(client.get("/iskanje?q=trbovlje"))
        facet = html.split('id="facet-municipality"', 1)[1].split("</section>", 1)[0]
        first = re.search(r'href="([^"]+)"[^>]*>\s*([^<]+?)\s*<span class="count">\((\d+)\)', facet)
        assert first.group(1) == "/iskanje?q=trbovlje&amp;obcina=129" and first.group(2) == "Trbovlje"
        assert int(first.group(3)) == search_total("/iskanje?q=trbovlje&obcina=129", client)

    def test_pagination(self, client, sample):
        # 87 services, 54 cards: the three CSD services of twelve units are one card each
        first = text(client.get("/iskanje"))
        assert len(result_links(first)) == 20
        assert "Stran 1 od 3" in first and 'href="/iskanje?stran=2" rel="next"' in first
        last = text(client.get("/iskanje?stran=3"))
        assert len(result_links(last)) == 14 and 'rel="prev"' in last and 'rel="next"' not in last
        pages = [text(client.get(f"/iskanje?stran={p}")) for p in range(1, 4)]
        cards = {i for html in pages for i in result_links(html)}
        units = {i for html in pages for i in re.findall(r'<li><a href="/storitev/([^"]+)"><span lang="sl">', html)}
        assert len(cards) == 54 and len(cards | units) == 87

    def test_pagination_keeps_the_filters(self, make_app):
        app = make_app(PER_PAGE=3)  # the CSD services of ten units are six cards
        with app.app_context():
            from infotocka.directory.hsds_import import import_path
            from tests.conftest import SAMPLE
            import_path(SAMPLE)
        html = text(app.test_client().get("/iskanje?izvajalec=csd"))
        assert 'href="/iskanje?izvajalec=csd&amp;stran=2"' in html

    def test_empty_results_still_help(self, client, sample, app):
        html = text(client.get("/iskanje?q=xyzzy"))
        assert "Nismo našli storitev" in html and "0 storitev" in html
        assert app.config["INFO_POINT_PHONE"] in html
        assert 'href="tel:112"' in html

    def test_english_facet_labels(self, client, sample):
        html = text(client.get("/iskanje?q=telefon&lang=en"))
        assert "Victims of violence" in html

    @pytest.mark.parametrize("query", ["q=%3Cscript%3Ealert(1)%3C/script%3E", "q=%22onmouseover%3D"])
    def test_query_is_escaped(self, client, sample, query):
        html = text(client.get("/iskanje?" + query))
        assert "<script>alert" not in html and '"onmouseover=' not in html
