"""Finding duplicate candidates in blocks gives what comparing every pair gives, without comparing every pair."""
import random

from rapidfuzz import fuzz

from infotocka.manage.duplicates import SERVICE_RULES, SIMILAR_NAME, service_listings
from infotocka.manage.matching import Listing, cell_keys, find_pairs


def _every_pair(listings, cutoff):
    """The old way: each listing against every other; similar names that share an organization, phone,
    address or map cell."""
    return {(i, j) for i in range(len(listings)) for j in range(i + 1, len(listings))
            if fuzz.token_set_ratio(listings[i].name, listings[j].name) >= cutoff
            and listings[i].keys & listings[j].keys}


def test_blocks_find_the_same_service_pairs_as_every_pair_on_the_sample(listings):
    known = service_listings()
    assert len(known) > 20
    assert set(find_pairs(known, SERVICE_RULES)) == _every_pair(known, SIMILAR_NAME)


def test_blocks_find_the_same_pairs_as_every_pair_on_random_listings():
    rnd = random.Random(3)
    words = ["pomoč", "na", "domu", "svetovalnica", "starejše", "hrana", "paketi", "varna", "hiša", "klub"]
    listings = [Listing(f"s{i}", " ".join(rnd.sample(words, rnd.randint(1, 4))),
                        {f"org:{rnd.randint(0, 30)}", f"tel:{rnd.randint(0, 60)}"}) for i in range(300)]
    assert set(find_pairs(listings, [(("org:", "tel:"), SIMILAR_NAME)])) == _every_pair(listings, SIMILAR_NAME)


def test_points_closer_than_half_a_cell_share_a_map_cell_and_far_ones_do_not():
    here = set(cell_keys(46.1234, 15.0567))
    assert here & set(cell_keys(46.1240, 15.0573))  # about 80 m away
    assert not here & set(cell_keys(46.1400, 15.0567))  # about 1.8 km away
    assert cell_keys(None, 15.0) == []


def test_a_common_word_alone_does_not_make_a_block_but_the_very_same_name_does():
    listings = [Listing(f"o{i}", f"drustvo {i}") for i in range(300)] + [Listing("a", "drustvo 7")]
    found = find_pairs(listings, [], name_cutoff=95)
    assert {(listings[p[0]].id, listings[p[1]].id) for p in found} == {("o7", "a")}
